package org.threadgate.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.AudienceRun;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.FieldError;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.LedgerReader;
import org.threadgate.facade.json.ThreadStateCodec;
import org.threadgate.facade.json.TooManyEventsException;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.facade.ledger.UnknownRecordException;
import org.threadgate.model.Business;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.PersonCap;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Settings;
import org.threadgate.model.ThreadState;
import org.threadgate.server.Limits;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.security.Scope;

/** The ledger's routes: events in, businesses and campaigns registered, thread state and audience decisions out. */
public final class LedgerEndpoints {
    private final LedgerFacts facts;
    private final Ledger ledger;
    private final DeliveryPolicyService service;
    private final Clock clock;
    private final Limits limits;

    /** The ledger routes over {@code ledger}, deciding by reference through {@code service}. */
    public LedgerEndpoints(Ledger ledger, LedgerFacts facts, DeliveryPolicyService service, Clock clock, Limits limits) {
        this.ledger = ledger;
        this.facts = facts;
        this.service = service;
        this.clock = clock;
        this.limits = limits;
    }

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.POST, "/v1/events", Scope.INGEST, this::events)
                .add(HandlerType.PUT, "/v1/businesses/{id}", Scope.ADMIN, this::putBusiness)
                .add(HandlerType.PUT, "/v1/campaigns/{id}", Scope.ADMIN, this::putCampaign)
                .add(HandlerType.GET, "/v1/businesses/{bid}/threads/{pid}", Scope.ADMIN, this::thread)
                .add(HandlerType.GET, "/v1/people/{personId}", Scope.ADMIN, this::person)
                .add(HandlerType.POST, "/v1/campaigns/{id}/audience/decisions", Scope.DECIDE,
                        this::audienceDecisions);
    }

    /**
     * POST /v1/events: a JSON array, or NDJSON with one event per line. All or nothing: one invalid event rejects
     * the request and nothing is stored. The answer comes after the events are committed.
     */
    void events(Context ctx) throws IOException {
        String type = Bodies.mediaType(ctx);
        List<MessagingEvent> events;
        if (Bodies.NDJSON.equals(type)) {
            events = ndjsonEvents(Bodies.read(ctx, Bodies.NDJSON, limits.maxBatchBodyBytes()));
        } else {
            JsonNode body = Json.parseAny(Bodies.read(ctx, Bodies.JSON, limits.maxBatchBodyBytes()));
            events = LedgerReader.events(body, limits.maxEvents(), limits.fields());
        }
        Ledger.Ingested result = ledger.ingest(events);
        // their audience counts may have changed: decisions by reference read them afresh
        facts.forgetBusinesses(events.stream().map(MessagingEvent::businessId)
                .collect(java.util.stream.Collectors.toSet()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", events.size());
        answer.put("stored", result.stored());
        answer.put("duplicates", result.duplicates());
        ctx.json(answer);
    }

    private List<MessagingEvent> ndjsonEvents(byte[] body) {
        List<MessagingEvent> events = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        int index = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (index == limits.maxEvents()) {
                throw new TooManyEventsException(index + 1, limits.maxEvents());
            }
            JsonNode node;
            try {
                node = Json.parseObject(line);
            } catch (RuntimeException e) {
                errors.add(new FieldError("[" + index + "]", "line " + (i + 1) + ": " + e.getMessage()));
                index++;
                continue;
            }
            MessagingEvent event = LedgerReader.event(node, "[" + index + "]", errors, limits.fields());
            if (event != null) {
                events.add(event);
            }
            index++;
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.of(errors, "nothing was stored");
        }
        return events;
    }

    /** PUT /v1/businesses/{id}: 201 when new, 200 when updated. */
    void putBusiness(Context ctx) throws IOException {
        String id = LedgerReader.pathId(ctx.pathParam("id"), "id", limits.fields());
        boolean enabled = LedgerReader.businessBody(Json.parseObject(Bodies.read(ctx, Bodies.JSON,
                limits.maxBodyBytes())), limits.fields());
        boolean created = ledger.putBusiness(new Business(id, enabled));
        facts.forgetBusiness(id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("sponsoredMessagesEnabled", enabled);
        ctx.status(created ? 201 : 200).json(answer);
    }

    /** PUT /v1/campaigns/{id}: its business must be registered first. */
    void putCampaign(Context ctx) throws IOException {
        String id = LedgerReader.pathId(ctx.pathParam("id"), "id", limits.fields());
        LedgerReader.CampaignBody body = LedgerReader.campaignBody(Json.parseObject(Bodies.read(ctx, Bodies.JSON,
                limits.maxBodyBytes())), limits.fields());
        if (ledger.business(body.businessId()).isEmpty()) {
            throw new UnknownRecordException(UnknownRecordException.Kind.BUSINESS, body.businessId());
        }
        boolean created = ledger.putCampaign(new Ledger.CampaignRecord(id, body.businessId(), body.objective()));
        facts.forgetCampaign(id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("businessId", body.businessId());
        answer.put("objective", body.objective().name());
        answer.put("audienceSize", ledger.audienceSize(body.businessId()));
        ctx.status(created ? 201 : 200).json(answer);
    }

    /** GET /v1/businesses/{bid}/threads/{pid}. */
    void thread(Context ctx) {
        String businessId = LedgerReader.pathId(ctx.pathParam("bid"), "bid", limits.fields());
        String personId = LedgerReader.pathId(ctx.pathParam("pid"), "pid", limits.fields());
        ThreadState t = ledger.thread(businessId, personId).orElseThrow(() -> new ProblemException(ApiProblem.of(
                404, "Not Found", "UNKNOWN_THREAD", "no event has been stored for business '" + businessId
                        + "' and person '" + personId + "'")));
        ctx.json(ThreadStateCodec.view(t));
    }

    /**
     * GET /v1/people/{personId}?at=: every thread of the person, their sponsored deliveries from every business as
     * the person cap sees them (newest first, at most 128), and how many the live policies' person cap counts at
     * {@code at} (default now); {@code personCap} is null when the live set has no person cap.
     */
    void person(Context ctx) {
        String personId = LedgerReader.pathId(ctx.pathParam("personId"), "personId", limits.fields());
        List<FieldError> errors = new ArrayList<>();
        DecisionLogEndpoints.unknownParameters(ctx, java.util.Set.of("at"), errors);
        Instant given = DecisionLogEndpoints.instant(ctx, "at", errors);
        DecisionLogEndpoints.fail(errors);
        Instant at = given != null ? given : clock.instant();
        List<ThreadState> threads = ledger.threads(personId);
        if (threads.isEmpty()) {
            throw new ProblemException(ApiProblem.of(404, "Not Found", "UNKNOWN_PERSON",
                    "no event has been stored for person '" + personId + "'"));
        }
        List<PersonDelivery> deliveries = ThreadState.personDeliveries(threads);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("personId", personId);
        view.put("at", at);
        List<Map<String, Object>> threadViews = new ArrayList<>(threads.size());
        for (ThreadState t : threads) {
            threadViews.add(ThreadStateCodec.view(t));
        }
        view.put("threads", threadViews);
        view.put("recentDeliveries", ThreadStateCodec.view(deliveries));
        view.put("personCap", personCap(service.policies().allSettings(), personId, deliveries, at));
        ctx.json(view);
    }

    /** The person cap as the live settings set it, counted at {@code at}; null when the set has none. */
    private static Map<String, Object> personCap(Settings settings, String personId, List<PersonDelivery> deliveries,
                                                 Instant at) {
        if (settings.lookup("personCap.max").isEmpty() || settings.lookup("personCap.window").isEmpty()
                || !settings.isSet("personCap.max") || !settings.isSet("personCap.window")) {
            return null;
        }
        int max = settings.integer("personCap.max");
        java.time.Duration window = settings.duration("personCap.window");
        int counted = PersonCap.count(deliveries, at, window);
        Map<String, Object> cap = new LinkedHashMap<>();
        cap.put("max", max);
        cap.put("window", window.toString());
        cap.put("counted", counted);
        cap.put("reached", counted >= max);
        cap.put("retryAt", counted >= max ? PersonCap.violation(personId, deliveries, at, max, window).retryAt()
                : null);
        return cap;
    }

    /**
     * POST /v1/campaigns/{id}/audience/decisions: the delivery decision for every member of the campaign's audience,
     * streamed as NDJSON in person-id order, then a summary line; one policy version throughout, bounded memory.
     */
    void audienceDecisions(Context ctx) throws IOException {
        String id = LedgerReader.pathId(ctx.pathParam("id"), "id", limits.fields());
        byte[] raw = Bodies.optionalJson(ctx, limits.maxBodyBytes());
        Instant at = raw.length == 0 ? clock.instant()
                : LedgerReader.atOnly(Json.parseObject(raw), clock.instant(), limits.fields());
        CampaignRequest campaign = facts.campaign(id, at);
        try (AudienceRun run = service.audience(campaign, DecisionEndpoints.origin(ctx, Origin.Form.AUDIENCE))) {
            // the request has no body to keep reading, so the answer goes straight to the client
            NdjsonDecisionWriter out = new NdjsonDecisionWriter(ctx, run, ctx.res().getOutputStream());
            AudienceRun.Feed feed = out.feed();
            try {
                ledger.audienceRecipients(campaign.business().id(), feed::accept);
                feed.close();
            } catch (UncheckedIOException e) {
                feed.abandon();
                throw e.getCause(); // the client went away: stop reading
            } catch (RuntimeException e) {
                feed.abandon();
                throw e;
            }
            out.finish();
        }
    }
}
