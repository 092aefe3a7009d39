package org.threadgate.facade.decisionlog;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.Json;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.InstantText;
import org.threadgate.model.Reason;

/**
 * One decision as the log keeps it: the columns it is found by, and {@code json}, the whole record (what the
 * decision was, how and by whom it was asked, and the complete facts the rules saw as a request with the facts
 * inline), which alone suffices to evaluate it again under its policy version.
 *
 * @param decidedAt when the service made it (wall clock, microseconds): what {@code from} and {@code to} filter on
 * @param codes     the reason codes, in the decision's order
 */
public record LogRecord(String decisionId, Instant decidedAt, String kind, String outcome, String businessId,
                        String campaignId, String personId, List<String> codes, String policyVersion, String json) {
    /** The {@code kind} of a delivery decision's record. */
    public static final String DELIVERY = "delivery";
    /** The {@code kind} of a campaign decision's record. */
    public static final String CAMPAIGN = "campaign";

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /**
     * What a candidate set (shadow evaluation) decided for the same facts, kept in the record.
     *
     * @param candidateVersion the candidate's policy version
     * @param outcome          its outcome
     * @param reasons          its reasons
     */
    public record Shadowed(String candidateVersion, String outcome, List<Reason> reasons) {
    }

    /**
     * The record of {@code decided}, made at {@code decidedAt}, written with a streaming generator (no tree).
     *
     * @param decided   the decision with its request
     * @param decidedAt when the service made it
     * @return the record
     */
    public static LogRecord of(Decided decided, Instant decidedAt) {
        return of(decided, decidedAt, null);
    }

    /**
     * The same, with the candidate's decision when a shadow evaluation made one.
     *
     * @param decided   the decision with its request
     * @param decidedAt when the service made it
     * @param shadow    the candidate's decision, or {@code null} for none
     * @return the record
     */
    public static LogRecord of(Decided decided, Instant decidedAt, Shadowed shadow) {
        Instant at = decidedAt.truncatedTo(ChronoUnit.MICROS);
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("decisionId", decided.decisionId());
            if (decided instanceof Decided.Delivery d) {
                DeliveryDecision decision = d.decision();
                head(json, DELIVERY, at, decision.evaluatedAt(), decided.policyVersion(), decision.outcome().name(),
                        decision.reasons(), decision.retryAt(), decision.firedRules(), decided.origin());
                shadow(json, shadow);
                json.writeFieldName("request");
                org.threadgate.facade.json.RequestCodec.write(json, d.request());
                json.writeEndObject();
                json.flush();
                return new LogRecord(decided.decisionId(), at, DELIVERY, decision.outcome().name(),
                        d.request().campaign().business().id(), d.request().campaign().campaign().id(),
                        d.request().recipient().person().id(), codes(decision.reasons()), decided.policyVersion(),
                        text.toString());
            }
            Decided.Campaign c = (Decided.Campaign) decided;
            CampaignDecision decision = c.decision();
            head(json, CAMPAIGN, at, decision.evaluatedAt(), decided.policyVersion(), decision.outcome().name(),
                    decision.reasons(), null, decision.firedRules(), decided.origin());
            shadow(json, shadow);
            json.writeFieldName("request");
            org.threadgate.facade.json.RequestCodec.write(json, c.request());
            json.writeEndObject();
            json.flush();
            return new LogRecord(decided.decisionId(), at, CAMPAIGN, decision.outcome().name(),
                    c.request().business().id(), c.request().campaign().id(), null, codes(decision.reasons()),
                    decided.policyVersion(), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("a decision record is plain JSON written to memory", e);
        }
    }

    /**
     * A whole record read back from its JSON (as {@link #of} wrote it, or as the log exports it).
     *
     * @param json the record
     * @return the record with its columns
     * @throws IllegalArgumentException when it is not a record
     */
    public static LogRecord parse(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(json);
            com.fasterxml.jackson.databind.JsonNode request = tree.path("request");
            List<String> codes = new ArrayList<>();
            tree.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
            String person = request.path("person").path("id").isMissingNode() ? null
                    : request.path("person").path("id").asText();
            return new LogRecord(tree.path("decisionId").asText(), Instant.parse(tree.path("at").asText()),
                    tree.path("kind").asText(), tree.path("outcome").asText(),
                    request.path("business").path("id").asText(), request.path("campaign").path("id").asText(),
                    person, codes, tree.path("policyVersion").asText(), json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a decision record: " + e.getMessage(), e);
        }
    }

    static void shadow(JsonGenerator json, Shadowed shadow) throws IOException {
        if (shadow == null) {
            return;
        }
        json.writeObjectFieldStart("shadow");
        json.writeStringField("candidateVersion", shadow.candidateVersion());
        json.writeStringField("outcome", shadow.outcome());
        json.writeArrayFieldStart("reasons");
        for (Reason reason : shadow.reasons()) {
            json.writeStartObject();
            json.writeStringField("code", reason.code());
            if (reason.retryAt() != null) {
                json.writeStringField("retryAt", InstantText.of(reason.retryAt()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static List<String> codes(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(reasons.size());
        for (Reason reason : reasons) {
            codes.add(reason.code());
        }
        return codes;
    }

    private static void head(JsonGenerator json, String kind, Instant at, Instant evaluatedAt, String version,
                             String outcome, List<Reason> reasons, Instant retryAt, List<String> fired,
                             Origin origin) throws IOException {
        json.writeStringField("kind", kind);
        json.writeStringField("at", InstantText.of(at));
        json.writeStringField("evaluatedAt", InstantText.of(evaluatedAt));
        json.writeStringField("policyVersion", version);
        json.writeStringField("outcome", outcome);
        reasons(json, reasons);
        if (retryAt != null) {
            json.writeStringField("retryAt", InstantText.of(retryAt));
        }
        json.writeArrayFieldStart("firedRules");
        for (String rule : fired) {
            json.writeString(rule);
        }
        json.writeEndArray();
        asked(json, origin);
    }

    /** The {@code reasons} field: each reason's code, rule, message and retryAt. */
    static void reasons(JsonGenerator json, List<Reason> reasons) throws IOException {
        json.writeArrayFieldStart("reasons");
        for (Reason reason : reasons) {
            json.writeStartObject();
            json.writeStringField("code", reason.code());
            json.writeStringField("rule", reason.rule());
            json.writeStringField("message", reason.message());
            if (reason.retryAt() != null) {
                json.writeStringField("retryAt", InstantText.of(reason.retryAt()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The {@code asked} field: how the decision was asked for. */
    static void asked(JsonGenerator json, Origin origin) throws IOException {
        json.writeObjectFieldStart("asked");
        json.writeStringField("via", origin.via().name());
        json.writeStringField("form", origin.form().name());
        if (origin.batchId() != null) {
            json.writeStringField("batchId", origin.batchId());
        }
        if (origin.caller() != null) {
            json.writeStringField("caller", origin.caller());
        }
        json.writeEndObject();
    }
}
