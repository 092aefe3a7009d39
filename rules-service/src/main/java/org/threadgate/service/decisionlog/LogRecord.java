package org.threadgate.service.decisionlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.model.Reason;
import org.threadgate.service.decision.Decided;
import org.threadgate.service.decision.Origin;
import org.threadgate.service.json.Json;
import org.threadgate.service.json.RequestJson;

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
    public static final String DELIVERY = "delivery";
    public static final String CAMPAIGN = "campaign";

    /** The record of {@code decided}, made at {@code decidedAt}. */
    public static LogRecord of(Decided decided, Instant decidedAt) {
        Instant at = decidedAt.truncatedTo(ChronoUnit.MICROS);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("decisionId", decided.decisionId());
        String outcome;
        List<Reason> reasons;
        List<String> fired;
        Instant evaluatedAt;
        Instant retryAt = null;
        ObjectNode request;
        String businessId;
        String campaignId;
        String personId = null;
        String kind;
        if (decided instanceof Decided.Delivery d) {
            kind = DELIVERY;
            outcome = d.decision().outcome().name();
            reasons = d.decision().reasons();
            fired = d.decision().firedRules();
            evaluatedAt = d.decision().evaluatedAt();
            retryAt = d.decision().retryAt();
            request = RequestJson.delivery(d.request());
            businessId = d.request().campaign().business().id();
            campaignId = d.request().campaign().campaign().id();
            personId = d.request().recipient().person().id();
        } else {
            Decided.Campaign c = (Decided.Campaign) decided;
            kind = CAMPAIGN;
            outcome = c.decision().outcome().name();
            reasons = c.decision().reasons();
            fired = c.decision().firedRules();
            evaluatedAt = c.decision().evaluatedAt();
            request = RequestJson.campaign(c.request());
            businessId = c.request().business().id();
            campaignId = c.request().campaign().id();
        }
        root.put("kind", kind);
        root.put("at", at.toString());
        root.put("evaluatedAt", evaluatedAt.toString());
        root.put("policyVersion", decided.policyVersion());
        root.put("outcome", outcome);
        ArrayNode reasonNodes = root.putArray("reasons");
        for (Reason reason : reasons) {
            ObjectNode node = reasonNodes.addObject();
            node.put("code", reason.code());
            node.put("rule", reason.rule());
            node.put("message", reason.message());
            if (reason.retryAt() != null) {
                node.put("retryAt", reason.retryAt().toString());
            }
        }
        if (retryAt != null) {
            root.put("retryAt", retryAt.toString());
        }
        ArrayNode firedNodes = root.putArray("firedRules");
        fired.forEach(firedNodes::add);
        Origin origin = decided.origin();
        ObjectNode asked = root.putObject("asked");
        asked.put("via", origin.via().name());
        asked.put("form", origin.form().name());
        if (origin.batchId() != null) {
            asked.put("batchId", origin.batchId());
        }
        if (origin.caller() != null) {
            asked.put("caller", origin.caller());
        }
        root.set("request", request);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision record is plain JSON", e);
        }
        return new LogRecord(decided.decisionId(), at, kind, outcome, businessId, campaignId, personId,
                reasons.stream().map(Reason::code).toList(), decided.policyVersion(), json);
    }
}
