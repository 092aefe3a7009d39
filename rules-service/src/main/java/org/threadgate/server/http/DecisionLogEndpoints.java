package org.threadgate.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decisionlog.DecisionQuery;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.json.FieldError;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.facade.json.Json;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.server.impact.ImpactAnalysis;
import org.threadgate.server.impact.Shadow;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.security.Scope;

/**
 * Reading the decision log and the stored policy versions (scope {@code audit}: the log says who was sent what).
 * {@code decisions} is null when the log is not kept in the database ({@code --decision-log file:DIR} or
 * {@code off}); its routes then answer 404 {@code DECISION_LOG_NOT_STORED}.
 */
public record DecisionLogEndpoints(DecisionStore decisions, PolicyVersions versions, DeliveryPolicyService service,
                                   java.util.function.Supplier<java.util.Optional<Shadow>> candidate,
                                   java.time.Clock clock, int maxBodyBytes) {
    /**
     * The store of a server whose log is not kept in its database ({@code --decision-log file:DIR} or {@code off}):
     * every read route answers 404 DECISION_LOG_NOT_STORED, after the same checks of its request.
     */
    public static final DecisionStore NOT_STORED = new NotStored();

    /** The range an impact report replays when the request names none: the last day. */
    static final java.time.Duration DEFAULT_IMPACT_RANGE = java.time.Duration.ofHours(24);
    private static final Set<String> IMPACT_FIELDS = Set.of("candidate", "from", "to");

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final Set<String> OUTCOMES = Set.of("DELIVER", "SUPPRESS", "APPROVE", "REJECT");
    private static final Set<String> LIST_PARAMETERS = Set.of("personId", "businessId", "campaignId", "outcome",
            "code", "from", "to", "limit", "cursor");
    private static final Set<String> SUMMARY_PARAMETERS = Set.of("campaignId", "from", "to");

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/v1/decisions/summary", Scope.AUDIT, this::summary)
                .add(HandlerType.GET, "/v1/decisions", Scope.AUDIT, this::list)
                .add(HandlerType.GET, "/v1/decisions/{decisionId}", Scope.AUDIT, this::record)
                .add(HandlerType.GET, "/v1/policies/versions", Scope.AUDIT, this::versionList)
                .add(HandlerType.GET, "/v1/policies/versions/{version}", Scope.AUDIT, this::version)
                .add(HandlerType.POST, "/v1/policies/impact", Scope.AUDIT, this::impact);
    }

    private DecisionStore stored() {
        if (decisions instanceof NotStored) {
            throw NotStored.problem();
        }
        return decisions;
    }

    /** A store that holds nothing: reading it is the 404 of a log kept elsewhere. */
    private static final class NotStored implements DecisionStore {
        static ProblemException problem() {
            return new ProblemException(ApiProblem.of(404, "Not Found", "DECISION_LOG_NOT_STORED",
                    "this server does not keep its decision log in its database (serve --decision-log is file:DIR or"
                            + " off); read the log where it is written"));
        }

        @Override
        public java.util.Optional<String> find(String decisionId) {
            throw problem();
        }

        @Override
        public Page list(DecisionQuery query) {
            throw problem();
        }

        @Override
        public Summary summary(String campaignId, Instant from, Instant to) {
            throw problem();
        }

        @Override
        public void export(Instant from, Instant to, java.util.function.Consumer<String> out) {
            throw problem();
        }

        @Override
        public void saveVersion(String version, Instant loadedAt, String origin, String filesJson) {
            throw problem();
        }

        @Override
        public List<VersionInfo> versions() {
            throw problem();
        }

        @Override
        public java.util.Optional<String> versionFiles(String version) {
            throw problem();
        }
    }

    private void record(Context ctx) throws JsonProcessingException {
        String id = ctx.pathParam("decisionId");
        if (id.equals("delivery") || id.equals("campaign")) { // the decision routes take POST only
            throw new ProblemException(ApiProblem.of(405, "Method Not Allowed", "METHOD_NOT_ALLOWED",
                    "GET is not allowed on /v1/decisions/" + id + "; POST a request there to decide"));
        }
        String json = stored().find(id).orElseThrow(() -> new ProblemException(ApiProblem.of(404, "Not Found",
                "UNKNOWN_DECISION", "no decision '" + id + "' is in the log (it may be older than the retention, or"
                        + " not written yet: records are written within about a second)")));
        ObjectNode record = (ObjectNode) Json.MAPPER.readTree(json);
        PolicySet set = versions.policySet(record.path("policyVersion").asText(),
                service.isReady() ? service.policies() : null).orElse(null);
        if (set != null) {
            record.set("explanation", explanation(record, set));
        }
        Bodies.json(ctx, record);
    }

    /** Each rule of the version that decided: whether it fired and, when it recorded a reason, which. */
    private static ArrayNode explanation(ObjectNode record, PolicySet set) {
        Set<String> fired = new HashSet<>();
        record.path("firedRules").forEach(rule -> fired.add(rule.asText()));
        ArrayNode rules = Json.MAPPER.createArrayNode();
        for (RuleInfo rule : set.rules()) {
            ObjectNode node = rules.addObject();
            node.put("rule", rule.name());
            node.put("code", rule.code());
            node.put("title", rule.title());
            node.put("fired", fired.contains(rule.name()));
            for (JsonNode reason : record.path("reasons")) {
                if (rule.code().equals(reason.path("code").asText())) {
                    node.put("reason", reason.path("message").asText());
                }
            }
        }
        return rules;
    }

    private void list(Context ctx) throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        unknownParameters(ctx, LIST_PARAMETERS, errors);
        String outcome = ctx.queryParam("outcome");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            errors.add(new FieldError("outcome", "must be one of APPROVE, DELIVER, REJECT, SUPPRESS, was '"
                    + shorten(outcome) + "'"));
        }
        String code = ctx.queryParam("code");
        if (code != null && !code.matches("[A-Z][A-Z0-9_]{0,63}")) {
            errors.add(new FieldError("code", "must be a reason code such as NO_OPEN_THREAD (capitals, digits and _),"
                    + " was '" + shorten(code) + "'"));
        }
        Instant from = instant(ctx, "from", errors);
        Instant to = instant(ctx, "to", errors);
        int limit = limit(ctx, errors);
        DecisionQuery.Cursor after = cursor(ctx, errors);
        String personId = id(ctx, "personId", errors);
        String businessId = id(ctx, "businessId", errors);
        String campaignId = id(ctx, "campaignId", errors);
        fail(errors);
        DecisionStore.Page page = stored().list(new DecisionQuery(personId, businessId, campaignId, outcome, code,
                from, to, after, limit));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode records = answer.putArray("decisions");
        for (String record : page.records()) {
            records.add(Json.MAPPER.readTree(record));
        }
        if (page.next() != null) {
            answer.put("next", encode(page.next()));
        }
        Bodies.json(ctx, answer);
    }

    private void summary(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        unknownParameters(ctx, SUMMARY_PARAMETERS, errors);
        String campaignId = id(ctx, "campaignId", errors);
        Instant from = instant(ctx, "from", errors);
        Instant to = instant(ctx, "to", errors);
        fail(errors);
        DecisionStore.Summary summary = stored().summary(campaignId, from, to);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (campaignId != null) {
            answer.put("campaignId", campaignId);
        }
        if (from != null) {
            answer.put("from", from.toString());
        }
        if (to != null) {
            answer.put("to", to.toString());
        }
        answer.put("decisions", summary.decisions());
        answer.set("byOutcome", Json.MAPPER.valueToTree(summary.byOutcome()));
        answer.set("byReason", Json.MAPPER.valueToTree(summary.byCode()));
        Bodies.json(ctx, answer);
    }

    private void versionList(Context ctx) {
        stored();
        String live = service.isReady() ? service.policies().version() : null;
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("versions");
        for (DecisionStore.VersionInfo info : versions.store().versions()) {
            ObjectNode node = list.addObject();
            node.put("version", info.version());
            node.put("firstLoadedAt", info.firstLoadedAt().toString());
            node.put("origin", info.origin());
            node.put("live", info.version().equals(live));
        }
        Bodies.json(ctx, answer);
    }

    private void version(Context ctx) {
        stored();
        String version = ctx.pathParam("version");
        PolicySource source = versions.source(version).orElseThrow(() -> new ProblemException(ApiProblem.of(404,
                "Not Found", "UNKNOWN_POLICY_VERSION", "policy version '" + shorten(version)
                        + "' never went live on this database; GET /v1/policies/versions lists those that did")));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("version", version);
        answer.put("origin", source.origin());
        answer.put("settings", source.settings());
        answer.set("rules", Json.MAPPER.valueToTree(source.ruleFiles()));
        answer.set("tests", Json.MAPPER.valueToTree(source.testFiles()));
        Bodies.json(ctx, answer);
    }

    /**
     * The impact report over the logged decisions in {@code [from, to)} (the last day by default) under the
     * candidate set ({@code "candidate"}) or the live one ({@code "live"}), the same JSON as {@code threadgate impact}.
     */
    private void impact(Context ctx) throws java.io.IOException {
        JsonNode body = Json.parseObject(Bodies.read(ctx, Bodies.JSON, maxBodyBytes));
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!IMPACT_FIELDS.contains(name)) {
                errors.add(new FieldError(shorten(name), "is not a field here; accepted: candidate, from, to"));
            }
        });
        String which = body.path("candidate").asText(null);
        if (!"candidate".equals(which) && !"live".equals(which)) {
            errors.add(new FieldError("candidate", "must be \"candidate\" (the --candidate-rules set) or \"live\""));
        }
        Instant from = bodyInstant(body, "from", errors);
        Instant to = bodyInstant(body, "to", errors);
        fail(errors);
        DecisionStore store = stored();
        PolicySet live = service.isReady() ? service.policies() : null;
        PolicySet set;
        if ("live".equals(which)) {
            if (live == null) {
                throw new org.threadgate.facade.NotReadyException();
            }
            set = live;
        } else {
            Shadow shadow = candidate.get().orElseThrow(CandidateEndpoints::notConfigured);
            set = shadow.candidateSet();
            if (set == null) {
                throw CandidateEndpoints.notReady();
            }
        }
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(DEFAULT_IMPACT_RANGE);
        ImpactAnalysis analysis = new ImpactAnalysis(set, version -> versions.policySet(version, live))
                .within(start, end);
        store.chunks(start, end, analysis::add);
        Bodies.json(ctx, analysis.report());
    }

    private static Instant bodyInstant(JsonNode body, String name, List<FieldError> errors) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant with a zone offset, e.g."
                    + " 2026-03-10T12:00:00Z"));
            return null;
        }
    }

    static void unknownParameters(Context ctx, Set<String> known, List<FieldError> errors) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(shorten(name), "is not a parameter here; accepted: "
                        + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private static String id(Context ctx, String name, List<FieldError> errors) {
        String value = ctx.queryParam(name);
        if (value != null && (value.isEmpty() || value.length() > 256)) {
            errors.add(new FieldError(name, "must be 1 to 256 characters"));
            return null;
        }
        return value;
    }

    static Instant instant(Context ctx, String name, List<FieldError> errors) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant with a zone offset, e.g."
                    + " 2026-03-10T12:00:00Z, was '" + shorten(value) + "'"));
            return null;
        }
    }

    private static int limit(Context ctx, List<FieldError> errors) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT + ", was '" + shorten(value)
                + "'"));
        return DEFAULT_LIMIT;
    }

    private static DecisionQuery.Cursor cursor(Context ctx, List<FieldError> errors) {
        String value = ctx.queryParam("cursor");
        if (value == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new DecisionQuery.Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            errors.add(new FieldError("cursor", "must be the 'next' value of a previous page, unchanged"));
            return null;
        }
    }

    private static String encode(DecisionQuery.Cursor cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((cursor.decidedAt() + "|"
                + cursor.decisionId()).getBytes(StandardCharsets.UTF_8));
    }

    static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.size() == 1 ? errors.get(0).field() + " "
                    + errors.get(0).message() : errors.size() + " query parameters are invalid", errors);
        }
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
