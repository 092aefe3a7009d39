package org.threadgate.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.NotReadyException;
import org.threadgate.facade.authoring.PolicyReloader;
import org.threadgate.facade.authoring.ReloadStatus;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.security.Scope;

/** The policy routes: what is live, how the last load went, and reload now. */
public record PolicyEndpoints(DeliveryPolicyService service, PolicyReloader reloader) {
    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/v1/policies", Scope.DECIDE, this::policies)
                .add(HandlerType.GET, "/v1/policies/examples", Scope.DECIDE, this::examples)
                .add(HandlerType.GET, "/v1/policies/status", Scope.ADMIN, this::status)
                .add(HandlerType.POST, "/v1/policies/reload", Scope.ADMIN, this::reload);
    }

    private void policies(Context ctx) {
        PolicySet set = service.policies();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleInfo rule : set.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("code", rule.code());
            r.put("rule", rule.name());
            r.put("title", rule.title());
            r.put("file", rule.file());
            r.put("line", rule.line());
            r.put("package", rule.packageName());
            rules.add(r);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policyVersion", set.version());
        answer.put("loadedAt", set.loadedAt());
        answer.put("source", set.origin());
        answer.put("settings", set.allSettings().shown());
        Map<String, String> types = new java.util.LinkedHashMap<>();
        set.allSettings().entries().forEach(e -> types.put(e.name(), e.type().apiName()));
        answer.put("settingTypes", types);
        answer.put("rules", rules);
        ctx.json(answer);
    }

    /** The live set's own test cases as examples: one per reason code, and one without a reason. */
    private void examples(Context ctx) {
        PolicySet set = service.policies();
        List<Map<String, Object>> examples = new ArrayList<>();
        for (org.threadgate.facade.authoring.PolicyCases.Example e
                : org.threadgate.facade.authoring.PolicyCases.examples(set.source().testFiles())) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("label", e.label());
            example.put("file", e.file());
            example.put("name", e.name());
            example.put("kind", e.kind());
            example.put("request", e.request());
            example.put("expect", Map.of("outcome", e.outcome(), "reasons", e.reasons()));
            examples.add(example);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policyVersion", set.version());
        answer.put("examples", examples);
        ctx.json(answer);
    }

    private void status(Context ctx) {
        ReloadStatus status = reloader.status();
        if (status == null) {
            throw new NotReadyException();
        }
        ctx.json(status);
    }

    /** Reloads now and answers with the attempt: 200 when loaded or unchanged, 422 when the set was rejected. */
    private void reload(Context ctx) throws Exception {
        if (Bodies.present(ctx)) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "UNEXPECTED_BODY",
                    "POST /v1/policies/reload takes no body: it reloads the policy set from where it was loaded"));
        }
        String force = ctx.queryParam("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw new org.threadgate.facade.json.InvalidRequestException("force", "must be true or false, was '"
                    + (force.length() > 64 ? force.substring(0, 64) : force) + "'");
        }
        boolean forced = "true".equals(force);
        ReloadStatus status = reloader.request("POST /v1/policies/reload" + (forced ? "?force=true" : ""), forced)
                .get(5, TimeUnit.MINUTES);
        if (status.rejected() && !status.problems().isEmpty()
                && status.problems().get(0).startsWith(PolicyReloader.IMPACT_TOO_HIGH)) {
            ProblemWriter.send(ctx, ApiProblem.of(422, "Unprocessable Content", PolicyReloader.IMPACT_TOO_HIGH,
                    status.problems().get(0).substring(PolicyReloader.IMPACT_TOO_HIGH.length() + 2)
                            + "; version " + status.liveVersion() + " keeps serving (POST"
                            + " /v1/policies/reload?force=true goes ahead anyway)").withReload(status));
            return;
        }
        if (status.rejected()) {
            ProblemWriter.send(ctx, ApiProblem.of(422, "Unprocessable Content", "POLICY_REJECTED",
                    "the policy set was rejected (" + status.problems().size() + " problem(s)); version "
                            + status.liveVersion() + " keeps serving").withReload(status));
            return;
        }
        ctx.json(status);
    }
}
