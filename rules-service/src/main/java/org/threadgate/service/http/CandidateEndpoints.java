package org.threadgate.service.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.impact.Shadow;
import org.threadgate.service.impact.ShadowEvaluator;
import org.threadgate.service.json.Json;
import org.threadgate.service.problem.ApiProblem;
import org.threadgate.service.problem.ProblemException;
import org.threadgate.service.security.Authorizer;
import org.threadgate.service.security.Scope;

/** The candidate policy set of {@code serve --candidate-rules}: its shadow comparison, and promotion. */
record CandidateEndpoints(Shadow shadow, DeliveryPolicyService service) {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateEndpoints.class);

    void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/v1/policies/candidate", Scope.ADMIN, this::candidate)
                .add(HandlerType.POST, "/v1/policies/candidate/promote", Scope.ADMIN, this::promote);
    }

    private Shadow configured() {
        if (shadow == null) {
            throw notConfigured();
        }
        return shadow;
    }

    /** 404 CANDIDATE_NOT_CONFIGURED: the server was started without a candidate set. */
    static ProblemException notConfigured() {
        return new ProblemException(ApiProblem.of(404, "Not Found", "CANDIDATE_NOT_CONFIGURED",
                "this server has no candidate policy set; start it with serve --candidate-rules DIR"));
    }

    /** 409 CANDIDATE_NOT_READY: no candidate set has loaded yet. */
    static ProblemException notReady() {
        return new ProblemException(ApiProblem.of(409, "Conflict", "CANDIDATE_NOT_READY",
                "no candidate policy set has loaded (GET /v1/policies/candidate says why); nothing was changed"));
    }

    private void candidate(Context ctx) {
        Shadow s = configured();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("liveVersion", service.isReady() ? service.policies().version() : null);
        answer.put("candidateVersion", s.version());
        answer.set("status", s.status() == null ? null : Json.MAPPER.valueToTree(s.status()));
        ShadowEvaluator.Counts counts = s.counts();
        ObjectNode comparison = answer.putObject("shadow");
        comparison.put("candidateVersion", counts.version());
        comparison.put("compared", counts.compared());
        comparison.put("same", counts.same());
        comparison.put("changed", counts.compared() - counts.same());
        ObjectNode transitions = comparison.putObject("transitions");
        counts.transitions().forEach(transitions::put);
        ObjectNode reasons = comparison.putObject("reasons");
        counts.codes().forEach((code, n) -> reasons.putObject(code).put("gained", n[0]).put("lost", n[1]));
        comparison.put("skipped", s.skipped());
        Bodies.json(ctx, answer);
    }

    private void promote(Context ctx) {
        Shadow s = configured();
        if (Bodies.present(ctx)) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "UNEXPECTED_BODY",
                    "POST /v1/policies/candidate/promote takes no body: it makes the loaded candidate live"));
        }
        String version = s.version();
        if (version == null) {
            throw notReady();
        }
        PolicySet previous = s.promote(service);
        String caller = Authorizer.caller(ctx);
        LOG.info("policy version {} promoted from the candidate by {}; version {} is no longer live", version,
                caller == null ? "an unauthenticated caller on loopback" : caller,
                previous == null ? "(none)" : previous.version());
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("liveVersion", version);
        answer.put("previousVersion", previous == null ? null : previous.version());
        Bodies.json(ctx, answer);
    }
}
