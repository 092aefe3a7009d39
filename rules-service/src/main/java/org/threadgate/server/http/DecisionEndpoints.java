package org.threadgate.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.AudienceRun;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.DecisionJson;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.LedgerReader;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.server.Limits;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.problem.Problems;
import org.threadgate.server.security.Authorizer;
import org.threadgate.server.security.Scope;

/** The decision routes: one delivery or campaign decision by facts or by reference, and batches in two forms. */
public record DecisionEndpoints(DeliveryPolicyService service, LedgerFacts facts, Clock clock, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEndpoints.class);

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.POST, "/v1/decisions/delivery", Scope.DECIDE, this::delivery)
                .add(HandlerType.POST, "/v1/decisions/campaign", Scope.DECIDE, this::campaign)
                .add(HandlerType.POST, "/v1/decisions/delivery/batch", Scope.DECIDE, this::batch);
    }

    /** The full facts in the body, or {@code {campaignId, personId, at?}} to decide from the ledger's facts. */
    private void delivery(Context ctx) throws IOException {
        JsonNode body = Json.parseObject(Bodies.read(ctx, Bodies.JSON, limits.maxBodyBytes()));
        if (body.has("campaignId")) {
            LedgerReader.DeliveryByReference ref = LedgerReader.deliveryByReference(body, clock.instant(),
                    limits.fields());
            Origin origin = origin(ctx, Origin.Form.REFERENCE);
            if (ref.record()) {
                recorded(ctx, ref, origin);
                return;
            }
            Decided.Delivery decided = service.decide(facts.delivery(ref.campaignId(), ref.personId(), ref.at()),
                    origin);
            Bodies.json(ctx, DecisionJson.delivery(decided.decisionId(), decided.decision()));
            return;
        }
        Decided.Delivery decided = service.decide(RequestCodec.delivery(body, clock.instant(), limits.fields()),
                origin(ctx, Origin.Form.FACTS));
        Bodies.json(ctx, DecisionJson.delivery(decided.decisionId(), decided.decision()));
    }

    /**
     * Decide and record: the decision is made on the thread's facts read under the ledger's lock, and a DELIVER is
     * recorded as a SPONSORED_MESSAGE event (id {@code delivery:<decisionId>}) before the lock is released.
     */
    private void recorded(Context ctx, LedgerReader.DeliveryByReference ref, Origin origin) {
        Ledger.Recorded<Decided.Delivery> done = facts.deliveryRecorded(ref.campaignId(), ref.personId(), ref.at(),
                request -> service.decide(request, origin),
                decided -> decided.decision().outcome() != DeliveryOutcome.DELIVER ? null
                        : new MessagingEvent("delivery:" + decided.decisionId(), EventType.SPONSORED_MESSAGE,
                                decided.request().campaign().business().id(), ref.personId(),
                                ref.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ref.campaignId(), null));
        Decided.Delivery decided = done.decision();
        Bodies.json(ctx, DecisionJson.recorded(decided.decisionId(), decided.decision(),
                done.recorded() == null ? null : done.recorded().eventId()));
    }

    /** The full facts in the body, or {@code {campaignId, at?}}. */
    private void campaign(Context ctx) throws IOException {
        Asked<CampaignRequest> asked = ask(ctx, body -> {
            LedgerReader.CampaignByReference ref = LedgerReader.campaignByReference(body, clock.instant(),
                    limits.fields());
            return facts.campaign(ref.campaignId(), ref.at());
        }, body -> RequestCodec.campaign(body, clock.instant(), limits.fields()));
        Decided.Campaign decided = service.decide(asked.request(), asked.origin());
        Bodies.json(ctx, DecisionJson.campaign(decided.decisionId(), decided.decision()));
    }

    /** How a request to this service was asked: over HTTP, in {@code form}, by the request's token holder. */
    static Origin origin(Context ctx, Origin.Form form) {
        return Origin.of(Origin.Via.HTTP, form).by(Authorizer.caller(ctx));
    }

    /** A request read from the body, and how it was asked. */
    private record Asked<R>(R request, Origin origin) {
    }

    /** A body with {@code campaignId} is by reference (facts from the ledger); any other carries the facts. */
    private <R> Asked<R> ask(Context ctx, Function<JsonNode, R> byReference, Function<JsonNode, R> byFacts)
            throws IOException {
        JsonNode body = Json.parseObject(Bodies.read(ctx, Bodies.JSON, limits.maxBodyBytes()));
        boolean reference = body.has("campaignId");
        return new Asked<>((reference ? byReference : byFacts).apply(body),
                origin(ctx, reference ? Origin.Form.REFERENCE : Origin.Form.FACTS));
    }

    private void batch(Context ctx) throws IOException {
        if (Bodies.NDJSON.equals(Bodies.mediaType(ctx))) {
            streamedBatch(ctx);
            return;
        }
        JsonNode body = Json.parseObject(Bodies.read(ctx, Bodies.JSON, limits.maxBatchBodyBytes()));
        RequestCodec.Batch batch = RequestCodec.batch(body, clock.instant(), limits.maxBatchRecipients(),
                limits.fields());
        DecisionJson.Tally tally = new DecisionJson.Tally();
        List<DecisionJson.BatchItem> items = new ArrayList<>(batch.recipients().size());
        String version;
        try (AudienceRun run = service.audience(batch.campaign(), origin(ctx, Origin.Form.BATCH))) {
            run.decide(batch.recipients(), d -> {
                tally.add(d.decision());
                items.add(DecisionJson.item(d.decisionId(), d.decision()));
            });
            version = run.policyVersion();
        }
        Bodies.json(ctx, new DecisionJson.Batch(version, tally.summary(), items));
    }

    /**
     * The streamed batch: the first line is the campaign request, each further line a recipient. Decisions go out
     * in input order as soon as a chunk is full or the input pauses; memory stays bounded whatever the audience.
     */
    private void streamedBatch(Context ctx) throws IOException {
        LineReader lines = new LineReader(ctx.req().getInputStream(), limits.maxLineBytes());
        CampaignRequest campaign = header(lines);
        try (AudienceRun run = service.audience(campaign, origin(ctx, Origin.Form.BATCH))) {
            // the answer never waits for the client: it is spooled while the client is still sending
            SpoolingOutput spool = new SpoolingOutput(ctx.res().getOutputStream(), limits.maxSpoolMemoryBytes());
            boolean sent = false;
            try {
                streamDecisions(lines, campaign, new NdjsonDecisionWriter(ctx, run, spool));
                spool.close();
                sent = true;
            } finally {
                if (!sent) {
                    spool.abort();
                }
            }
        }
    }

    /**
     * Each line is handed to the run's feed as it is read; the engine decides in chunks of its choosing on its own
     * threads while this one goes on reading, and the decisions are written in input order. When the input pauses
     * (a client waiting for answers before it sends more), what is pending is decided and sent at once.
     */
    private void streamDecisions(LineReader lines, CampaignRequest campaign, NdjsonDecisionWriter writer)
            throws IOException {
        AudienceRun.Feed feed = writer.feed();
        try {
            String businessId = campaign.business().id();
            int lineNumber = 1;
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
                        feed.accept(RequestCodec.recipientLine(Json.parseObject(line), businessId,
                                limits.fields()));
                    } catch (UncheckedIOException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        bad = problem(e);
                    }
                }
                if (bad != null) {
                    feed.close();
                    writer.problem(bad.atLine(lineNumber));
                    LOG.info("streamed batch ended at line {}: {}", lineNumber, bad.detail());
                    return;
                }
                if (lines.idle()) {
                    feed.flush();
                    writer.flush();
                }
            }
            feed.close();
            writer.finish();
        } catch (UncheckedIOException e) {
            feed.abandon();
            throw e.getCause(); // the answer could not be written: the client went away
        } catch (RuntimeException e) {
            feed.abandon();
            throw e;
        }
    }

    /** The first line of a streamed batch: {@code {at?, business, campaign}}. */
    private CampaignRequest header(LineReader lines) throws IOException {
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
        try {
            return RequestCodec.batchHeader(Json.parseObject(first), clock.instant(), limits.fields());
        } catch (RuntimeException e) {
            throw new ProblemException(problem(e).atLine(1));
        }
    }

    /** The problem of a line that cannot be read; anything unexpected is rethrown as the defect it is. */
    private static ApiProblem problem(RuntimeException e) {
        ApiProblem problem = Problems.of(e);
        if (problem == null) {
            throw e;
        }
        return problem;
    }
}
