package org.threadgate.service.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.RuleInfo;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.NotReadyException;
import org.threadgate.service.authoring.PolicyReloader;
import org.threadgate.service.security.Scope;
import org.threadgate.service.security.Tokens;
import org.threadgate.service.authoring.ReloadStatus;
import org.threadgate.service.json.DecisionJson;
import org.threadgate.service.json.InvalidRequestException;
import org.threadgate.service.json.Json;
import org.threadgate.service.json.MalformedJsonException;
import org.threadgate.service.json.RequestReader;
import org.threadgate.service.json.TooManyEventsException;
import org.threadgate.service.json.TooManyRecipientsException;
import org.threadgate.service.json.LedgerReader;
import org.threadgate.service.ledger.Ledger;
import org.threadgate.service.ledger.LedgerFacts;
import org.threadgate.service.ledger.LedgerUnavailableException;

/**
 * The HTTP/JSON API. It maps JSON to the model and back and nothing else: every decision is the facade's. Every error
 * is an {@code application/problem+json} document.
 */
public final class HttpApi implements AutoCloseable {
    /** A route of the API and the scope it needs ({@code null}: open); the OpenAPI document is tested against it. */
    public record Route(HandlerType method, String path, Scope scope) {
    }

    /**
     * Who may call: with {@code tokens}, every route but health and the OpenAPI document needs a bearer token of its
     * scope; without, everyone may (the server then listens on loopback only). {@code openMetrics} leaves /metrics
     * open even with tokens.
     */
    public record Access(Tokens tokens, boolean openMetrics) {
        public static final Access NONE = new Access(null, true);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";
    /** Recipients decided together in a streamed batch when the input keeps coming. */
    private static final int STREAM_CHUNK = 1_000;

    private final DeliveryPolicyService service;
    private final LedgerEndpoints ledger;
    private final PolicyReloader reloader;
    private final DecisionMetrics metrics;
    private final Clock clock;
    private final Limits limits;
    private final List<Route> routes = new ArrayList<>();
    private final Access access;
    private final Javalin app;

    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits) {
        this(service, reloader, ledger, metrics, clock, limits, Access.NONE);
    }

    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits, Access access) {
        this.access = access;
        this.service = service;
        this.ledger = new LedgerEndpoints(ledger, service, metrics, clock, limits);
        this.reloader = reloader;
        this.metrics = metrics;
        this.clock = clock;
        this.limits = limits;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = limits.maxBatchBodyBytes();
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProblemErrorHandler()));
        });
        route(HandlerType.POST, "/v1/decisions/delivery", Scope.DECIDE, this::delivery);
        route(HandlerType.POST, "/v1/decisions/campaign", Scope.DECIDE, this::campaign);
        route(HandlerType.POST, "/v1/decisions/delivery/batch", Scope.DECIDE, this::batch);
        route(HandlerType.POST, "/v1/events", Scope.INGEST, this.ledger::events);
        route(HandlerType.PUT, "/v1/businesses/{id}", Scope.ADMIN, this.ledger::putBusiness);
        route(HandlerType.PUT, "/v1/campaigns/{id}", Scope.ADMIN, this.ledger::putCampaign);
        route(HandlerType.GET, "/v1/businesses/{bid}/threads/{pid}", Scope.ADMIN, this.ledger::thread);
        route(HandlerType.POST, "/v1/campaigns/{id}/audience/decisions", Scope.DECIDE, this.ledger::audienceDecisions);
        route(HandlerType.GET, "/v1/policies", Scope.DECIDE, this::policies);
        route(HandlerType.GET, "/v1/policies/status", Scope.ADMIN, this::reloadStatus);
        route(HandlerType.POST, "/v1/policies/reload", Scope.ADMIN, this::reload);
        route(HandlerType.GET, "/health/live", null, ctx -> ctx.json(Map.of("status", "UP")));
        route(HandlerType.GET, "/health/ready", null, this::ready);
        route(HandlerType.GET, "/metrics", access.openMetrics() ? null : Scope.ADMIN,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        route(HandlerType.GET, "/openapi.json", null, this::openapi);
        installProblemHandlers();
    }

    private void route(HandlerType method, String path, Scope scope, Handler handler) {
        routes.add(new Route(method, path, scope));
        if (access.tokens() == null || scope == null) {
            app.addHttpHandler(method, path, handler);
        } else {
            app.addHttpHandler(method, path, ctx -> {
                authorize(ctx, scope);
                handler.handle(ctx);
            });
        }
    }

    /** 401 without a known bearer token, 403 when it lacks {@code scope}. The token is never logged or echoed. */
    private void authorize(Context ctx, Scope scope) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : null;
        Set<Scope> granted = token == null || token.isEmpty() ? null : access.tokens().scopesOf(token);
        if (granted == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"threadgate\"");
            throw new ProblemException(ApiProblem.of(401, "Unauthorized", "UNAUTHENTICATED",
                    token == null ? "this endpoint needs 'Authorization: Bearer <token>' with scope " + scope.label()
                            : "the bearer token is not known"));
        }
        if (!granted.contains(scope)) {
            throw new ProblemException(ApiProblem.of(403, "Forbidden", "FORBIDDEN", "the token lacks scope "
                    + scope.label() + ", which " + ctx.method() + " " + ctx.endpointHandlerPath() + " needs"));
        }
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public HttpApi start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** The port it listens on (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    // --- decisions -------------------------------------------------------------------------------------------

    /** The full facts in the body, or {@code {campaignId, personId, at?}} to decide from the ledger's facts. */
    private void delivery(Context ctx) throws IOException {
        JsonNode body = Json.parseObject(body(ctx, JSON, limits.maxBodyBytes()));
        DeliveryRequest request;
        if (body.has("campaignId")) {
            LedgerReader.DeliveryByReference ref = LedgerReader.deliveryByReference(body, clock.instant(), limits.fields());
            request = ledger.facts().delivery(ref.campaignId(), ref.personId(), ref.at());
        } else {
            request = RequestReader.delivery(body, clock.instant(), limits.fields());
        }
        long start = System.nanoTime();
        DeliveryDecision decision = service.decideDelivery(request);
        metrics.took("delivery", System.nanoTime() - start);
        metrics.decided("delivery", decision.outcome().name(), decision.reasons());
        ctx.json(DecisionJson.delivery(decisionId(), decision));
    }

    private void campaign(Context ctx) throws IOException {
        JsonNode body = Json.parseObject(body(ctx, JSON, limits.maxBodyBytes()));
        CampaignRequest request;
        if (body.has("campaignId")) {
            LedgerReader.CampaignByReference ref = LedgerReader.campaignByReference(body, clock.instant(), limits.fields());
            request = ledger.facts().campaign(ref.campaignId(), ref.at());
        } else {
            request = RequestReader.campaign(body, clock.instant(), limits.fields());
        }
        long start = System.nanoTime();
        CampaignDecision decision = service.decideCampaign(request);
        metrics.took("campaign", System.nanoTime() - start);
        metrics.decided("campaign", decision.outcome().name(), decision.reasons());
        ctx.json(DecisionJson.campaign(decisionId(), decision));
    }

    private void batch(Context ctx) throws IOException {
        String type = mediaType(ctx);
        if (NDJSON.equals(type)) {
            streamedBatch(ctx);
            return;
        }
        JsonNode body = Json.parseObject(body(ctx, JSON, limits.maxBatchBodyBytes()));
        RequestReader.Batch batch = RequestReader.batch(body, clock.instant(), limits.maxBatchRecipients(), limits.fields());
        long start = System.nanoTime();
        PolicySet pinned = service.policies(); // one version for the whole batch
        List<DeliveryDecision> decisions = pinned.decideAudience(batch.campaign(), batch.recipients());
        metrics.took("batch", System.nanoTime() - start);
        DecisionJson.Tally tally = new DecisionJson.Tally();
        List<DecisionJson.BatchItem> items = new ArrayList<>(decisions.size());
        for (DeliveryDecision decision : decisions) {
            tally.add(decision);
            metrics.decided("delivery", decision.outcome().name(), decision.reasons());
            items.add(DecisionJson.item(decision));
        }
        ctx.json(new DecisionJson.Batch(pinned.version(), tally.summary(), items));
    }

    /**
     * The streamed batch: the first line is the campaign request, each further line a recipient. Decisions go out
     * in input order as soon as a chunk is full or the input pauses; memory stays bounded whatever the audience.
     */
    private void streamedBatch(Context ctx) throws IOException {
        PolicySet pinned = service.policies();
        LineReader lines = new LineReader(ctx.req().getInputStream(), limits.maxLineBytes());
        String first;
        try {
            first = lines.next();
        } catch (LineReader.BadLineException e) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "MALFORMED_LINE", e.getMessage()).atLine(1));
        }
        if (first == null || first.isBlank()) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "EMPTY_BODY",
                    "the body is empty; its first line must be {at?, business, campaign}").atLine(1));
        }
        CampaignRequest campaign;
        try {
            campaign = RequestReader.batchHeader(Json.parseObject(first), clock.instant(), limits.fields());
        } catch (RuntimeException e) {
            throw new ProblemException(problemFor(e).atLine(1));
        }

        ctx.status(200);
        ctx.res().setContentType(NDJSON);
        OutputStream out = new BufferedOutputStream(ctx.res().getOutputStream(), 64 * 1024);
        DecisionJson.Tally tally = new DecisionJson.Tally();
        List<Recipient> chunk = new ArrayList<>(STREAM_CHUNK);
        String businessId = campaign.business().id();
        int lineNumber = 1;
        long start = System.nanoTime();
        while (true) {
            String line;
            ApiProblem bad = null;
            try {
                line = lines.next();
            } catch (LineReader.BadLineException e) {
                line = null;
                bad = ApiProblem.of(400, "Bad Request", "MALFORMED_LINE", e.getMessage());
            }
            if (bad == null && line == null) {
                break;
            }
            lineNumber++;
            if (bad == null && !line.isBlank()) {
                try {
                    chunk.add(RequestReader.recipientLine(Json.parseObject(line), businessId, limits.fields()));
                } catch (RuntimeException e) {
                    bad = problemFor(e);
                }
            }
            if (bad != null) {
                writeDecisions(pinned, campaign, chunk, tally, out);
                out.write(Json.MAPPER.writeValueAsBytes(Map.of("problem", bad.atLine(lineNumber))));
                out.write('\n');
                out.flush();
                LOG.info("streamed batch ended at line {}: {}", lineNumber, bad.detail());
                return;
            }
            if (chunk.size() >= STREAM_CHUNK || (!chunk.isEmpty() && lines.idle())) {
                writeDecisions(pinned, campaign, chunk, tally, out);
                out.flush();
            }
        }
        writeDecisions(pinned, campaign, chunk, tally, out);
        out.write(Json.MAPPER.writeValueAsBytes(new DecisionJson.SummaryLine(pinned.version(), tally.summary())));
        out.write('\n');
        out.flush();
        metrics.took("batch", System.nanoTime() - start);
    }

    private void writeDecisions(PolicySet pinned, CampaignRequest campaign, List<Recipient> chunk,
                                DecisionJson.Tally tally, OutputStream out) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        for (DeliveryDecision decision : pinned.decideAudience(campaign, chunk)) {
            tally.add(decision);
            metrics.decided("delivery", decision.outcome().name(), decision.reasons());
            out.write(Json.MAPPER.writeValueAsBytes(DecisionJson.item(decision)));
            out.write('\n');
        }
        chunk.clear();
    }

    /**
     * A random (version 4) UUID from a thread-local generator: decision ids must be unique, not unguessable, and
     * {@code UUID.randomUUID()} serializes every request on one SecureRandom.
     */
    public static String decisionId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    // --- policies and health ---------------------------------------------------------------------------------

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
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("minimumAudienceSize", set.settings().minimumAudienceSize());
        settings.put("suppressionWindow", set.settings().suppressionWindow().toString());
        answer.put("settings", settings);
        answer.put("rules", rules);
        ctx.json(answer);
    }

    private void reloadStatus(Context ctx) {
        ReloadStatus status = reloader.status();
        if (status == null) {
            throw new NotReadyException();
        }
        ctx.json(status);
    }

    /** Reloads now and answers with the attempt: 200 when loaded or unchanged, 422 when the set was rejected. */
    private void reload(Context ctx) throws Exception {
        if (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null) {
            throw new ProblemException(ApiProblem.of(400, "Bad Request", "UNEXPECTED_BODY",
                    "POST /v1/policies/reload takes no body: it reloads the policy set from where it was loaded"));
        }
        ReloadStatus status = reloader.request("POST /v1/policies/reload").get(5, TimeUnit.MINUTES);
        if (status.rejected()) {
            send(ctx, ApiProblem.of(422, "Unprocessable Content", "POLICY_REJECTED", "the policy set was rejected"
                    + " (" + status.problems().size() + " problem(s)); version " + status.liveVersion()
                    + " keeps serving").withReload(status));
            return;
        }
        ctx.json(status);
    }

    private void ready(Context ctx) {
        if (service.isReady()) {
            ctx.json(Map.of("status", "READY", "policyVersion", service.policies().version()));
        } else {
            ctx.status(503).json(Map.of("status", "COMPILING"));
        }
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream("/org/threadgate/service/openapi.json")) {
            ctx.contentType(JSON).result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // --- input -----------------------------------------------------------------------------------------------

    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Reads the body, refusing a wrong media type (415) and anything over {@code limit} bytes (413). */
    static byte[] body(Context ctx, String expectedType, int limit) throws IOException {
        String type = mediaType(ctx);
        if (!expectedType.equals(type)) {
            throw new ProblemException(ApiProblem.of(415, "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type " + (type.isEmpty() ? "is missing" : "'" + type + "' is not accepted here")
                            + "; send " + expectedType
                            + (ctx.path().endsWith("/batch") ? " (or " + NDJSON + " for the streamed form)" : "")));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        InputStream in = ctx.req().getInputStream();
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    /** A body that may be empty (no Content-Type needed then) or JSON. */
    static byte[] optionalJsonBody(Context ctx, int limit) throws IOException {
        if (ctx.req().getContentLengthLong() == 0 || (mediaType(ctx).isEmpty() && ctx.req().getContentLengthLong() < 0
                && ctx.header("Transfer-Encoding") == null)) {
            return new byte[0];
        }
        return body(ctx, JSON, limit);
    }

    private static ProblemException tooLarge(int limit) {
        return new ProblemException(ApiProblem.of(413, "Content Too Large", "BODY_TOO_LARGE",
                "the body is larger than " + limit + " bytes, the limit for this endpoint"));
    }

    // --- errors ----------------------------------------------------------------------------------------------

    private static ApiProblem problemFor(Throwable e) {
        if (e instanceof ProblemException p) {
            return p.problem();
        }
        if (e instanceof InvalidRequestException invalid) {
            return ApiProblem.of(400, "Bad Request", "INVALID_REQUEST", invalid.getMessage())
                    .withErrors(invalid.errors());
        }
        if (e instanceof MalformedJsonException) {
            return ApiProblem.of(400, "Bad Request", "MALFORMED_JSON", e.getMessage());
        }
        if (e instanceof TooManyRecipientsException) {
            return ApiProblem.of(413, "Content Too Large", "TOO_MANY_RECIPIENTS", e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            // the model's own cross-field checks; their messages start with the field
            return ApiProblem.of(400, "Bad Request", "INVALID_REQUEST", e.getMessage());
        }
        if (e instanceof NotReadyException) {
            return ApiProblem.of(503, "Service Unavailable", "NOT_READY", e.getMessage());
        }
        if (e instanceof LedgerUnavailableException) {
            return ApiProblem.of(503, "Service Unavailable", "STORAGE_UNAVAILABLE", e.getMessage()
                    + "; nothing was stored by this request, retry it");
        }
        if (e instanceof LedgerFacts.UnknownException unknown) {
            return ApiProblem.of(404, "Not Found", "UNKNOWN_" + unknown.kind().toUpperCase(Locale.ROOT),
                    e.getMessage());
        }
        if (e instanceof TooManyEventsException) {
            return ApiProblem.of(413, "Content Too Large", "TOO_MANY_EVENTS", e.getMessage());
        }
        return null;
    }

    private void installProblemHandlers() {
        app.exception(Exception.class, (e, ctx) -> {
            if (ctx.res().isCommitted()) {
                // a streamed answer was under way: no problem document can follow its status line any more
                if (e instanceof IOException) {
                    LOG.info("{} {}: the client went away in the middle of the answer ({})", ctx.method(),
                            ctx.path(), e.getMessage());
                } else {
                    LOG.error("failure after the answer had started on {} {}", ctx.method(), ctx.path(), e);
                }
                return;
            }
            ApiProblem problem = problemFor(e);
            if (problem == null && e instanceof IOException) {
                problem = ApiProblem.of(400, "Bad Request", "UNREADABLE_BODY", "the request body could not be read: "
                        + e.getMessage());
            }
            if (problem == null) {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                problem = ApiProblem.of(500, "Internal Server Error", "INTERNAL_ERROR",
                        "an unexpected error occurred; it has been logged");
            }
            if (problem.status() == 503) {
                ctx.header("Retry-After", "1");
            }
            send(ctx, problem);
        });
        app.error(404, ctx -> {
            if (ctx.attribute("problem") == null) {
                send(ctx, ApiProblem.of(404, "Not Found", "NOT_FOUND", "no such path: " + ctx.path()
                        + "; GET /openapi.json lists every route"));
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute("problem") == null) {
                send(ctx, ApiProblem.of(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", ctx.method()
                        + " is not allowed on " + ctx.path()));
            }
        });
    }

    private static void send(Context ctx, ApiProblem problem) {
        ctx.attribute("problem", problem);
        ctx.status(problem.status()).contentType(ApiProblem.MEDIA_TYPE).result(Json.write(problem));
    }
}
