package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.decisionlog.Replay;
import org.threadgate.facade.json.Json;

/**
 * The decision log over real HTTP on the real engine and an H2 database: every form of decision is recorded with the
 * facts its rules saw, each record evaluates again to the same verdict under its stored version, and the read routes
 * filter, page, count and explain.
 */
class DecisionLogTest {
    @RegisterExtension
    final TestServer.Running SERVER = TestServer.Running.perTest();

    private TestServer.Answer put(String path, String body) {
        return SERVER.get().put(path, body);
    }

    private static String event(String id, String type, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"businessId\":\"acme\",\"personId\":\""
                + person + "\",\"occurredAt\":\"" + at + "\"}";
    }

    /** Every record in the log, newest first, read page by page through the API. */
    private List<JsonNode> allRecords(String filters) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            TestServer.Answer page = SERVER.get().get("/v1/decisions?limit=7" + filters
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("decisions").forEach(all::add);
            cursor = page.json().has("next") ? page.json().get("next").asText() : null;
        } while (cursor != null);
        return all;
    }

    @Test
    void everyFormOfDecision_isRecorded_andEvaluatesAgainToTheSameVerdict() throws Exception {
        Set<String> answered = new HashSet<>();
        // single decisions with the facts inline
        answered.add(SERVER.get().postJson("/v1/decisions/delivery", Requests.deliverable().delivery()).json()
                .get("decisionId").asText());
        answered.add(SERVER.get().postJson("/v1/decisions/delivery", Requests.deliverable().person("blocked")
                .block("BLOCKED_BUSINESS").delivery()).json().get("decisionId").asText());
        answered.add(SERVER.get().postJson("/v1/decisions/campaign", Requests.deliverable().audience(12).campaign()).json()
                .get("decisionId").asText());
        // by reference: registered business and campaign, one member who messaged
        assertThat(put("/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(201);
        assertThat(put("/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}").status())
                .isEqualTo(201);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            events.append(i == 0 ? "" : ",").append(event("e" + i, "PERSON_MESSAGE", "m" + i, "2026-03-01T09:00:00Z"));
        }
        assertThat(SERVER.get().postJson("/v1/events", events.append("]").toString()).status()).isEqualTo(200);
        answered.add(SERVER.get().postJson("/v1/decisions/delivery", "{\"campaignId\":\"spring\",\"personId\":\"m0\"}")
                .json().get("decisionId").asText());
        // a JSON batch: each line has its own id
        Map<String, Object> batch = Requests.deliverable().campaignBody();
        batch.put("recipients", List.of(Requests.deliverable().person("a").recipientBody(),
                Requests.deliverable().person("b").noThread().recipientBody()));
        TestServer.Answer batchAnswer = SERVER.get().postJson("/v1/decisions/delivery/batch", Json.write(batch));
        assertThat(batchAnswer.status()).as(batchAnswer.body()).isEqualTo(200);
        batchAnswer.json().get("decisions").forEach(d -> answered.add(d.get("decisionId").asText()));
        // a streamed batch and an audience stream: every line but the summary has its own id
        String stream = Json.write(Requests.deliverable().campaignBody()) + "\n"
                + Json.write(Requests.deliverable().person("s1").recipientBody()) + "\n"
                + Json.write(Requests.deliverable().person("s2").lastInteraction("2026-03-10T11:00:00Z")
                .recipientBody()) + "\n";
        TestServer.Answer streamed = SERVER.get().post("/v1/decisions/delivery/batch", "application/x-ndjson", stream);
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        TestServer.Answer audience = SERVER.get().postJson("/v1/campaigns/spring/audience/decisions", "{}");
        assertThat(audience.status()).as(audience.body()).isEqualTo(200);
        int lines = 0;
        for (String text : (streamed.body() + audience.body()).split("\n")) {
            JsonNode line = Json.MAPPER.readTree(text);
            if (line.has("personId")) {
                answered.add(line.get("decisionId").asText());
                lines++;
            }
        }
        assertThat(lines).isEqualTo(2 + 3);
        assertThat(answered).hasSize(4 + 2 + 5).doesNotContainNull();

        SERVER.get().log.flush();
        List<JsonNode> records = allRecords("");
        assertThat(records).extracting(r -> r.get("decisionId").asText()).containsExactlyInAnyOrderElementsOf(
                answered);
        Set<String> forms = new HashSet<>();
        for (JsonNode record : records) {
            forms.add(record.get("kind").asText() + "/" + record.get("asked").get("form").asText());
            assertThat(record.get("asked").get("via").asText()).isEqualTo("HTTP");
            if (record.get("asked").get("form").asText().matches("BATCH|AUDIENCE")) {
                assertThat(record.get("asked").get("batchId").asText()).isNotBlank();
            }
            // fidelity: the record alone, evaluated under its stored version, gives the logged verdict
            PolicySet set = SERVER.get().versions.policySet(record.get("policyVersion").asText(), null).orElseThrow();
            assertThat(Replay.evaluate(record, set)).as(record.toString()).isEqualTo(Replay.logged(record));
        }
        assertThat(forms).containsExactlyInAnyOrder("delivery/FACTS", "campaign/FACTS", "delivery/REFERENCE",
                "delivery/BATCH", "delivery/AUDIENCE");
        // a decision by reference records the facts read from the ledger, the audience size included
        JsonNode reference = records.stream().filter(r -> r.get("asked").get("form").asText().equals("REFERENCE"))
                .findFirst().orElseThrow();
        assertThat(reference.get("request").get("campaign").get("audienceSize").asInt()).isEqualTo(3);
        assertThat(reference.get("request").get("thread").get("lastPersonInteractionAt").asText())
                .isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void oneRecord_isExplainedRuleByRule_andAnUnknownIdIs404() {
        String id = SERVER.get().postJson("/v1/decisions/delivery", Requests.deliverable().person("p9")
                .lastInteraction("2026-03-10T11:00:00Z").delivery()).json().get("decisionId").asText();
        awaitWritten(1);
        TestServer.Answer answer = SERVER.get().get("/v1/decisions/" + id);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode record = answer.json();
        assertThat(record.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(record.get("request").get("person").get("id").asText()).isEqualTo("p9");
        JsonNode explanation = record.get("explanation");
        assertThat(explanation).hasSize(SERVER.get().service.policies().rules().size());
        for (JsonNode rule : explanation) {
            boolean window = rule.get("code").asText().equals("WITHIN_SUPPRESSION_WINDOW");
            assertThat(rule.get("fired").asBoolean()).as(rule.toString()).isEqualTo(window);
            assertThat(rule.has("reason")).as(rule.toString()).isEqualTo(window);
        }
        TestServer.Answer unknown = SERVER.get().get("/v1/decisions/no-such-decision");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("UNKNOWN_DECISION");
    }

    @Test
    void filtersCombine_pagesDoNotOverlap_andTheSummaryCounts() {
        for (int i = 0; i < 20; i++) {
            Requests request = Requests.deliverable().person("p" + i);
            if (i % 4 == 0) {
                request = request.block("MESSAGES_TURNED_OFF");
            }
            SERVER.get().postJson("/v1/decisions/delivery", request.delivery());
        }
        SERVER.get().postJson("/v1/decisions/campaign", Requests.deliverable().objective("REACH").campaign());
        awaitWritten(21);
        List<JsonNode> all = allRecords("");
        assertThat(all).hasSize(21);
        assertThat(all.stream().map(r -> r.get("decisionId").asText()).distinct()).hasSize(21);
        for (int i = 1; i < all.size(); i++) { // newest first
            assertThat(all.get(i - 1).get("at").asText().compareTo(all.get(i).get("at").asText()))
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(allRecords("&outcome=SUPPRESS&code=MESSAGES_TURNED_OFF")).hasSize(5)
                .allSatisfy(r -> assertThat(r.get("request").get("blocks")).hasSize(1));
        assertThat(allRecords("&personId=p3")).hasSize(1);
        assertThat(allRecords("&outcome=REJECT")).hasSize(1);
        assertThat(allRecords("&code=NO_OPEN_THREAD")).isEmpty();
        assertThat(allRecords("&to=2000-01-01T00:00:00Z")).isEmpty();

        JsonNode summary = SERVER.get().get("/v1/decisions/summary?campaignId="
                + all.get(0).get("request").get("campaign").get("id").asText()).json();
        assertThat(summary.get("decisions").asInt()).isEqualTo(21);
        assertThat(summary.get("byOutcome").get("DELIVER").asInt()).isEqualTo(15);
        assertThat(summary.get("byOutcome").get("SUPPRESS").asInt()).isEqualTo(5);
        assertThat(summary.get("byOutcome").get("REJECT").asInt()).isEqualTo(1);
        assertThat(summary.get("byReason").get("MESSAGES_TURNED_OFF").asInt()).isEqualTo(5);
        assertThat(summary.get("byReason").get("OBJECTIVE_NOT_MESSAGES").asInt()).isEqualTo(1);
    }

    @Test
    void badQueryParameters_areNamed() {
        TestServer.Answer answer = SERVER.get().get("/v1/decisions?limit=0&outcome=MAYBE&from=yesterday&cursor=%21&sort=x");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("limit", "outcome", "from", "cursor", "sort");
        assertThat(SERVER.get().get("/v1/decisions/summary?to=now").json().get("errors").get(0).get("field").asText())
                .isEqualTo("to");
    }

    @Test
    void theLiveVersion_isStoredWithItsFiles() {
        String live = SERVER.get().service.policies().version();
        JsonNode list = SERVER.get().get("/v1/policies/versions").json();
        assertThat(list.get("versions")).hasSize(1);
        assertThat(list.get("versions").get(0).get("version").asText()).isEqualTo(live);
        assertThat(list.get("versions").get(0).get("live").asBoolean()).isTrue();
        JsonNode files = SERVER.get().get("/v1/policies/versions/" + live).json();
        PolicySource bundled = PolicySource.bundled();
        assertThat(Json.MAPPER.convertValue(files.get("rules"), Map.class)).isEqualTo(bundled.ruleFiles());
        assertThat(files.get("settings").asText()).isEqualTo(bundled.settings());
        assertThat(SERVER.get().get("/v1/policies/versions/0123456789ab").json().get("code").asText())
                .isEqualTo("UNKNOWN_POLICY_VERSION");
    }

    private void awaitWritten(long count) {
        try {
            SERVER.get().log.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(SERVER.get().log.written()).isGreaterThanOrEqualTo(count);
    }
}
