package org.threadgate.service.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.threadgate.engine.PolicySet;
import org.threadgate.model.Business;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Recipient;
import org.threadgate.model.ThreadState;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.json.DecisionJson;
import org.threadgate.service.json.FieldError;
import org.threadgate.service.json.InvalidRequestException;
import org.threadgate.service.json.Json;
import org.threadgate.service.json.LedgerReader;
import org.threadgate.service.json.TooManyEventsException;
import org.threadgate.service.ledger.Ledger;
import org.threadgate.service.ledger.LedgerFacts;

/** The ledger's routes: events in, businesses and campaigns registered, thread state and audience decisions out. */
final class LedgerEndpoints {
    private final LedgerFacts facts;
    private final Ledger ledger;
    private final DeliveryPolicyService service;
    private final DecisionMetrics metrics;
    private final Clock clock;
    private final Limits limits;

    LedgerEndpoints(Ledger ledger, DeliveryPolicyService service, DecisionMetrics metrics, Clock clock,
                    Limits limits) {
        this.ledger = ledger;
        this.facts = new LedgerFacts(ledger);
        this.service = service;
        this.metrics = metrics;
        this.clock = clock;
        this.limits = limits;
    }

    LedgerFacts facts() {
        return facts;
    }

    /**
     * POST /v1/events: a JSON array, or NDJSON with one event per line. All or nothing: one invalid event rejects
     * the request and nothing is stored. The answer comes after the events are committed.
     */
    void events(Context ctx) throws IOException {
        String type = HttpApi.mediaType(ctx);
        List<MessagingEvent> events;
        if (HttpApi.NDJSON.equals(type)) {
            events = ndjsonEvents(HttpApi.body(ctx, HttpApi.NDJSON, limits.maxBatchBodyBytes()));
        } else {
            JsonNode body = Json.parseAny(HttpApi.body(ctx, HttpApi.JSON, limits.maxBatchBodyBytes()));
            events = LedgerReader.events(body, limits.maxEvents(), limits.fields());
        }
        Ledger.Ingested result = ledger.ingest(events);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", events.size());
        answer.put("stored", result.stored());
        answer.put("duplicates", result.duplicates());
        ctx.json(answer);
    }

    private List<MessagingEvent> ndjsonEvents(byte[] body) {
        List<MessagingEvent> events = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        String[] lines = new String(body, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
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
        boolean enabled = LedgerReader.businessBody(Json.parseObject(HttpApi.body(ctx, HttpApi.JSON,
                limits.maxBodyBytes())), limits.fields());
        boolean created = ledger.putBusiness(new Business(id, enabled));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("sponsoredMessagesEnabled", enabled);
        ctx.status(created ? 201 : 200).json(answer);
    }

    /** PUT /v1/campaigns/{id}: its business must be registered first. */
    void putCampaign(Context ctx) throws IOException {
        String id = LedgerReader.pathId(ctx.pathParam("id"), "id", limits.fields());
        LedgerReader.CampaignBody body = LedgerReader.campaignBody(Json.parseObject(HttpApi.body(ctx, HttpApi.JSON,
                limits.maxBodyBytes())), limits.fields());
        if (ledger.business(body.businessId()).isEmpty()) {
            throw new ProblemException(ApiProblem.of(404, "Not Found", "UNKNOWN_BUSINESS", "business '"
                    + body.businessId() + "' is not registered; register it with PUT /v1/businesses/"
                    + body.businessId() + " first"));
        }
        boolean created = ledger.putCampaign(new Ledger.CampaignRecord(id, body.businessId(), body.objective()));
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("businessId", t.businessId());
        answer.put("personId", t.personId());
        answer.put("lastPersonInteractionAt", t.lastPersonInteractionAt());
        answer.put("lastBusinessMessageAt", t.lastBusinessMessageAt());
        answer.put("blocked", t.blocked());
        answer.put("blockChangedAt", t.blockChangedAt());
        answer.put("messagesOff", t.messagesOff());
        answer.put("messagesChangedAt", t.messagesChangedAt());
        answer.put("open", t.lastPersonInteractionAt() != null);
        answer.put("audienceMember", t.audienceMember());
        ctx.json(answer);
    }

    /**
     * POST /v1/campaigns/{id}/audience/decisions: the delivery decision for every member of the campaign's audience,
     * streamed as NDJSON in person-id order, then a summary line; one policy version throughout, bounded memory.
     */
    void audienceDecisions(Context ctx) throws IOException {
        String id = LedgerReader.pathId(ctx.pathParam("id"), "id", limits.fields());
        byte[] raw = HttpApi.optionalJsonBody(ctx, limits.maxBodyBytes());
        Instant at = raw.length == 0 ? clock.instant() : LedgerReader.atOnly(Json.parseObject(raw), clock.instant(), limits.fields());
        CampaignRequest campaign = facts.campaign(id, at);
        PolicySet pinned = service.policies();
        ctx.status(200);
        ctx.res().setContentType(HttpApi.NDJSON);
        OutputStream out = new BufferedOutputStream(ctx.res().getOutputStream(), 64 * 1024);
        DecisionJson.Tally tally = new DecisionJson.Tally();
        List<Recipient> chunk = new ArrayList<>(1_000);
        IOException[] failure = new IOException[1];
        ledger.audience(campaign.business().id(), thread -> {
            if (failure[0] != null) {
                return;
            }
            chunk.add(thread.toRecipient());
            if (chunk.size() == 1_000) {
                failure[0] = flush(pinned, campaign, chunk, tally, out);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        IOException last = flush(pinned, campaign, chunk, tally, out);
        if (last != null) {
            throw last;
        }
        out.write(Json.MAPPER.writeValueAsBytes(new DecisionJson.SummaryLine(pinned.version(), tally.summary())));
        out.write('\n');
        out.flush();
    }

    private IOException flush(PolicySet pinned, CampaignRequest campaign, List<Recipient> chunk,
                              DecisionJson.Tally tally, OutputStream out) {
        try {
            if (!chunk.isEmpty()) {
                for (DeliveryDecision decision : pinned.decideAudience(campaign, chunk)) {
                    tally.add(decision);
                    metrics.decided("delivery", decision.outcome().name(), decision.reasons());
                    out.write(Json.MAPPER.writeValueAsBytes(DecisionJson.item(decision)));
                    out.write('\n');
                }
                out.flush();
            }
            chunk.clear();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
