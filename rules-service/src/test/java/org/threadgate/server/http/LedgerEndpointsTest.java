package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.facade.json.Json;

/** The ledger through real HTTP: events in, registration, decisions from ids alone, thread state, audience stream. */
class LedgerEndpointsTest {
    @RegisterExtension
    final TestServer.Running SERVER = TestServer.Running.perTest();

    private static String event(String id, String type, String business, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"businessId\":\"" + business
                + "\",\"personId\":\"" + person + "\",\"occurredAt\":\"" + at + "\"}";
    }

    private TestServer.Answer put(String path, String body) {
        return SERVER.get().put(path, body);
    }

    /** acme with 120 people who messaged on 1 March, of whom p1 also blocked and p2 messaged again on 10 March. */
    private void acmeWithAudience() {
        assertThat(put("/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(201);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 120; i++) {
            events.append(i == 0 ? "" : ",").append(event("m" + i, "PERSON_MESSAGE", "acme", "p" + i,
                    "2026-03-01T09:00:00Z"));
        }
        events.append(",").append(event("b1", "BLOCK", "acme", "p1", "2026-03-02T09:00:00Z"));
        events.append(",").append(event("r2", "PERSON_REACTION", "acme", "p2", "2026-03-10T11:00:00Z"));
        events.append(",").append(event("bm", "BUSINESS_MESSAGE", "acme", "stranger", "2026-03-05T09:00:00Z"));
        events.append("]");
        JsonNode stored = SERVER.get().postJson("/v1/events", events.toString()).json();
        assertThat(stored.get("stored").asInt()).isEqualTo(123);
        assertThat(put("/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}").status())
                .isEqualTo(201);
    }

    @Test
    void eventsAreIdempotent_andTheAnswerCountsDuplicates() {
        String body = "[" + event("e1", "PERSON_MESSAGE", "acme", "p", "2026-03-01T09:00:00Z") + ","
                + event("e2", "PERSON_POSTBACK", "acme", "p", "2026-03-01T10:00:00Z") + "]";
        JsonNode first = SERVER.get().postJson("/v1/events", body).json();
        assertThat(first.get("stored").asInt()).isEqualTo(2);
        assertThat(first.get("duplicates").asInt()).isZero();
        JsonNode again = SERVER.get().postJson("/v1/events", body).json();
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
    }

    @Test
    void ndjsonEvents_areAcceptedToo() {
        String body = event("n1", "PERSON_MESSAGE", "acme", "p", "2026-03-01T09:00:00Z") + "\n"
                + event("n2", "MESSAGES_OFF", "acme", "p", "2026-03-02T09:00:00Z") + "\n";
        TestServer.Answer answer = SERVER.get().post("/v1/events", "application/x-ndjson", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("stored").asInt()).isEqualTo(2);
        JsonNode thread = SERVER.get().get("/v1/businesses/acme/threads/p").json();
        assertThat(thread.get("messagesOff").asBoolean()).isTrue();
        assertThat(thread.get("audienceMember").asBoolean()).isFalse();
    }

    @Test
    void aBadEvent_isNamedByIndexAndField_andNothingIsStored() {
        String body = "[" + event("ok", "PERSON_MESSAGE", "acme", "p", "2026-03-01T09:00:00Z") + ","
                + event("bad", "PERSON_WAVE", "acme", "p", "yesterday") + "]";
        TestServer.Answer answer = SERVER.get().postJson("/v1/events", body);
        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("[1].type", "[1].occurredAt");
        assertThat(SERVER.get().get("/v1/businesses/acme/threads/p").status()).isEqualTo(404);

        TestServer.Answer ndjson = SERVER.get().post("/v1/events", "application/x-ndjson",
                event("ok", "PERSON_MESSAGE", "acme", "p", "2026-03-01T09:00:00Z") + "\n{oops\n");
        assertThat(ndjson.status()).isEqualTo(400);
        assertThat(ndjson.json().get("errors").get(0).get("field").asText()).isEqualTo("[1]");
        assertThat(ndjson.json().get("errors").get(0).get("message").asText()).startsWith("line 2: ");
        assertThat(SERVER.get().get("/v1/businesses/acme/threads/p").status()).isEqualTo(404);
        assertThat(SERVER.get().postJson("/v1/events", "{}").status()).isEqualTo(400);
    }

    @Test
    void threadView_showsTheStoredState() {
        acmeWithAudience();
        JsonNode p1 = SERVER.get().get("/v1/businesses/acme/threads/p1").json();
        assertThat(p1.get("lastPersonInteractionAt").asText()).isEqualTo("2026-03-01T09:00:00Z");
        assertThat(p1.get("blocked").asBoolean()).isTrue();
        assertThat(p1.get("blockChangedAt").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(p1.get("audienceMember").asBoolean()).isFalse();
        JsonNode stranger = SERVER.get().get("/v1/businesses/acme/threads/stranger").json();
        assertThat(stranger.get("open").asBoolean()).isFalse();
        assertThat(stranger.get("lastBusinessMessageAt").asText()).isEqualTo("2026-03-05T09:00:00Z");
        TestServer.Answer none = SERVER.get().get("/v1/businesses/acme/threads/nobody");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("code").asText()).isEqualTo("UNKNOWN_THREAD");
    }

    @Test
    void decisionsByReference_useTheLedgersFacts() {
        acmeWithAudience();
        // audience: 120 messaged, p1 blocked: 119
        JsonNode campaign = SERVER.get().postJson("/v1/decisions/campaign", "{\"campaignId\":\"spring\"}").json();
        assertThat(campaign.get("outcome").asText()).isEqualTo("APPROVE");

        String at = ",\"at\":\"2026-03-10T12:00:00Z\"}";
        JsonNode p5 = SERVER.get().postJson("/v1/decisions/delivery", "{\"campaignId\":\"spring\",\"personId\":\"p5\"" + at)
                .json();
        assertThat(p5.get("outcome").asText()).isEqualTo("DELIVER");
        JsonNode p1 = SERVER.get().postJson("/v1/decisions/delivery", "{\"campaignId\":\"spring\",\"personId\":\"p1\"" + at)
                .json();
        assertThat(p1.get("reasons").get(0).get("code").asText()).isEqualTo("BLOCKED_BUSINESS");
        JsonNode p2 = SERVER.get().postJson("/v1/decisions/delivery", "{\"campaignId\":\"spring\",\"personId\":\"p2\"" + at)
                .json();
        assertThat(p2.get("reasons").get(0).get("code").asText()).isEqualTo("WITHIN_SUPPRESSION_WINDOW");
        assertThat(p2.get("retryAt").asText()).isEqualTo("2026-03-11T11:00:00Z");
        for (String nobody : List.of("stranger", "never-seen")) {
            TestServer.Answer answer = SERVER.get().postJson("/v1/decisions/delivery",
                    "{\"campaignId\":\"spring\",\"personId\":\"" + nobody + "\"" + at);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("reasons").get(0).get("code").asText()).isEqualTo("NO_OPEN_THREAD");
        }
    }

    @Test
    void theAudienceSize_comesFromTheLedger() {
        assertThat(put("/v1/businesses/small", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(201);
        SERVER.get().postJson("/v1/events", "[" + event("s1", "PERSON_MESSAGE", "small", "p", "2026-03-01T09:00:00Z") + "]");
        put("/v1/campaigns/tiny", "{\"businessId\":\"small\",\"objective\":\"MESSAGES\"}");
        JsonNode rejected = SERVER.get().postJson("/v1/decisions/campaign", "{\"campaignId\":\"tiny\"}").json();
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECT");
        assertThat(rejected.get("reasons").get(0).get("message").asText()).contains("has 1 people");
    }

    @Test
    void unknownCampaignOrBusiness_is404NamingIt() {
        TestServer.Answer campaign = SERVER.get().postJson("/v1/decisions/delivery",
                "{\"campaignId\":\"ghost\",\"personId\":\"p\"}");
        assertThat(campaign.status()).isEqualTo(404);
        assertThat(campaign.json().get("code").asText()).isEqualTo("UNKNOWN_CAMPAIGN");
        assertThat(campaign.json().get("detail").asText()).contains("'ghost'");
        TestServer.Answer registration = put("/v1/campaigns/c", "{\"businessId\":\"ghost-biz\",\"objective\":\"REACH\"}");
        assertThat(registration.status()).isEqualTo(404);
        assertThat(registration.json().get("code").asText()).isEqualTo("UNKNOWN_BUSINESS");
        assertThat(SERVER.get().postJson("/v1/campaigns/ghost/audience/decisions", "{}").json().get("code").asText())
                .isEqualTo("UNKNOWN_CAMPAIGN");
        TestServer.Answer badRef = SERVER.get().postJson("/v1/decisions/delivery", "{\"campaignId\":\"c\"}");
        assertThat(badRef.status()).isEqualTo(400);
        assertThat(badRef.json().get("errors").get(0).get("field").asText()).isEqualTo("personId");
    }

    @Test
    void registration_answers201Then200() {
        assertThat(put("/v1/businesses/b", "{\"sponsoredMessagesEnabled\":false}").status()).isEqualTo(201);
        assertThat(put("/v1/businesses/b", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(200);
        assertThat(put("/v1/businesses/b", "{\"enabled\":true}").status()).isEqualTo(400);
        assertThat(put("/v1/campaigns/c", "{\"businessId\":\"b\",\"objective\":\"REACH\"}").status()).isEqualTo(201);
        assertThat(put("/v1/campaigns/c", "{\"businessId\":\"b\",\"objective\":\"MESSAGES\"}").status())
                .isEqualTo(200);
        assertThat(put("/v1/campaigns/c", "{\"businessId\":\"b\",\"objective\":\"SPAM\"}").json().get("errors")
                .get(0).get("field").asText()).isEqualTo("objective");
    }

    @Test
    void audienceDecisions_streamEveryMemberThenASummary() throws Exception {
        acmeWithAudience();
        TestServer.Answer answer = SERVER.get().postJson("/v1/campaigns/spring/audience/decisions",
                "{\"at\":\"2026-03-10T12:00:00Z\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/x-ndjson");
        String[] lines = answer.body().split("\n");
        assertThat(lines).hasSize(120); // 119 members and the summary
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 119; i++) {
            JsonNode line = Json.MAPPER.readTree(lines[i]);
            people.add(line.get("personId").asText());
            String expected = line.get("personId").asText().equals("p2") ? "SUPPRESS" : "DELIVER";
            assertThat(line.get("outcome").asText()).as(lines[i]).isEqualTo(expected);
        }
        assertThat(people).doesNotContain("p1", "stranger").isSorted().doesNotHaveDuplicates();
        JsonNode summary = Json.MAPPER.readTree(lines[119]).get("summary");
        assertThat(summary.get("deliver").asInt()).isEqualTo(118);
        assertThat(summary.get("suppress").asInt()).isEqualTo(1);
        assertThat(summary.get("byReason").get("WITHIN_SUPPRESSION_WINDOW").asInt()).isEqualTo(1);
        // no body at all means now
        TestServer.Answer now = SERVER.get().send(HttpRequest.newBuilder(SERVER.get().uri("/v1/campaigns/spring/audience/decisions"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.body().split("\n")).hasSize(120);
    }
}
