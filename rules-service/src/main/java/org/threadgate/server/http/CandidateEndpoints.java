package org.threadgate.server.http;

import java.io.IOException;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.analysis.PolicyAnalysis;
import org.threadgate.facade.json.DecisionJson;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.server.Limits;
import org.threadgate.server.impact.Shadow;
import org.threadgate.server.impact.ShadowEvaluator;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.security.Authorizer;
import org.threadgate.server.security.Scope;

/** The candidate policy set of {@code serve --candidate-rules}: its shadow comparison, and promotion. */
public record CandidateEndpoints(Shadow shadow, DeliveryPolicyService service, Clock clock, Limits limits,
                                 Diffs diffs) {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateEndpoints.class);

    /**
     * The candidate's routes.
     *
     * @param shadow  the candidate and its shadow comparison
     * @param service the live service
     * @param clock   the instant a request without {@code at} is decided for
     * @param limits  the request limits
     */
    public CandidateEndpoints(Shadow shadow, DeliveryPolicyService service, Clock clock, Limits limits) {
        this(shadow, service, clock, limits, new Diffs());
    }

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/v1/policies/candidate", Scope.ADMIN, this::candidate)
                .add(HandlerType.POST, "/v1/policies/candidate/promote", Scope.ADMIN, this::promote)
                .add(HandlerType.POST, "/v1/policies/diff", Scope.ADMIN, this::diff)
                .add(HandlerType.POST, "/v1/policies/candidate/try", Scope.ADMIN, this::tryBoth);
    }

    /**
     * The last policy analysis diff, kept for its pair of versions: a diff decides millions of situations, so the
     * same pair is compared once, and one diff runs at a time.
     */
    static final class Diffs {
        private String key;
        private ObjectNode answer;

        synchronized ObjectNode of(PolicySet live, PolicySet candidate) {
            String pair = live.version() + "->" + candidate.version();
            if (!pair.equals(key)) {
                answer = PolicyAnalysis.diff(live, candidate).json();
                key = pair;
            }
            return answer;
        }
    }

    /** The candidate against the live set over every boundary situation of both (policy analysis). */
    private void diff(Context ctx) {
        if (Bodies.present(ctx)) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "UNEXPECTED_BODY",
                    "POST /v1/policies/diff takes no body: it compares the loaded candidate with the live set"));
        }
        PolicySet candidate = shadow.candidateSet();
        if (candidate == null) {
            throw notReady();
        }
        Bodies.json(ctx, diffs.of(service.policies(), candidate));
    }

    /**
     * One request (a delivery or a campaign, with its facts) decided under the live set and under the candidate,
     * logged by neither: the console's "try this decision under both versions".
     */
    private void tryBoth(Context ctx) throws IOException {
        PolicySet candidate = shadow.candidateSet();
        if (candidate == null) {
            throw notReady();
        }
        PolicySet live = service.policies();
        JsonNode body = Json.parseObject(Bodies.read(ctx, Bodies.JSON, limits.maxBodyBytes()));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (body.has("person")) {
            DeliveryRequest request = RequestCodec.delivery(body, clock.instant(), limits.fields());
            answer.put("kind", "delivery");
            answer.set("live", tried(DecisionJson.delivery(null, live.decideDelivery(request))));
            answer.set("candidate", tried(DecisionJson.delivery(null, candidate.decideDelivery(request))));
        } else {
            CampaignRequest request = RequestCodec.campaign(body, clock.instant(), limits.fields());
            answer.put("kind", "campaign");
            answer.set("live", tried(DecisionJson.campaign(null, live.decideCampaign(request))));
            answer.set("candidate", tried(DecisionJson.campaign(null, candidate.decideCampaign(request))));
        }
        Bodies.json(ctx, answer);
    }

    /** A decision made for comparison: not logged, so its id is null, which the answer leaves out. */
    private static JsonNode tried(Object decision) {
        return Json.MAPPER.valueToTree(decision);
    }

    private Shadow configured() {
        return shadow;
    }

    /** The same routes on a server without a candidate set: each answers 404 CANDIDATE_NOT_CONFIGURED. */
    public static void addNotConfigured(Routes routes) {
        routes.add(HandlerType.GET, "/v1/policies/candidate", Scope.ADMIN, ctx -> {
            throw notConfigured();
        }).add(HandlerType.POST, "/v1/policies/candidate/promote", Scope.ADMIN, ctx -> {
            throw notConfigured();
        }).add(HandlerType.POST, "/v1/policies/diff", Scope.ADMIN, ctx -> {
            throw notConfigured();
        }).add(HandlerType.POST, "/v1/policies/candidate/try", Scope.ADMIN, ctx -> {
            throw notConfigured();
        });
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
