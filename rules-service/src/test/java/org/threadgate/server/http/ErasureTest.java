package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;

/**
 * DELETE /v1/people/{personId} through real HTTP on the service as serve assembles it (H2): the person's threads,
 * events and deliveries leave the ledger, audiences shrink, the decision log no longer names them (its records still
 * count), the erasure is recorded without the person, a later event starts a fresh thread, and nobody else is
 * touched.
 */
class ErasureTest {
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perTest();

    private static String event(String id, String type, String business, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"businessId\":\"" + business
                + "\",\"personId\":\"" + person + "\",\"occurredAt\":\"" + at + "\"}";
    }

    private static String single(String person) {
        return "{\"at\":\"2026-03-10T12:00:00Z\",\"business\":{\"id\":\"acme\",\"sponsoredMessagesEnabled\":true},"
                + "\"campaign\":{\"id\":\"spring\",\"objective\":\"MESSAGES\",\"audienceSize\":500},"
                + "\"person\":{\"id\":\"" + person + "\"},\"thread\":{\"lastPersonInteractionAt\":"
                + "\"2026-03-01T10:00:00Z\"},\"blocks\":[]}";
    }

    @Test
    void erasingAPerson_removesTheirLedgerData_pseudonymizesTheirRecords_andTouchesNobodyElse() throws Exception {
        TestServer server = SERVER.get();
        assertThat(server.put("/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(201);
        assertThat(server.put("/v1/businesses/beta", "{\"sponsoredMessagesEnabled\":true}").status()).isEqualTo(201);
        String events = "[" + event("g1", "PERSON_MESSAGE", "acme", "gone", "2026-03-01T10:00:00Z") + ","
                + event("g2", "PERSON_REACTION", "acme", "gone", "2026-03-02T10:00:00Z") + ","
                + event("g3", "PERSON_MESSAGE", "beta", "gone", "2026-03-03T10:00:00Z") + ","
                + event("k1", "PERSON_MESSAGE", "acme", "kept", "2026-03-01T11:00:00Z") + ","
                + event("k2", "PERSON_MESSAGE", "beta", "kept", "2026-03-01T12:00:00Z") + "]";
        assertThat(server.postJson("/v1/events", events).json().get("stored").asInt()).isEqualTo(5);
        assertThat(server.put("/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}")
                .json().get("audienceSize").asInt()).isEqualTo(2);
        // decisions that name both people: an audience stream (compact lines) and single decisions (whole records)
        assertThat(server.post("/v1/campaigns/spring/audience/decisions", null, new byte[0]).status()).isEqualTo(200);
        assertThat(server.postJson("/v1/decisions/delivery", single("gone")).status()).isEqualTo(200);
        assertThat(server.postJson("/v1/decisions/delivery", single("kept")).status()).isEqualTo(200);
        server.log.flush();
        long before = server.get("/v1/decisions/summary?campaignId=spring").json().get("decisions").asLong();
        assertThat(before).isEqualTo(4);
        String keptThread = server.get("/v1/businesses/acme/threads/kept").body();

        TestServer.Answer erased = server.delete("/v1/people/gone");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode answer = erased.json();
        assertThat(answer.get("threads").asInt()).isEqualTo(2);
        assertThat(answer.get("events").asInt()).isEqualTo(3);
        assertThat(answer.get("deliveries").asInt()).isZero();
        assertThat(answer.get("businesses").toString()).isEqualTo("[\"acme\",\"beta\"]");
        assertThat(answer.get("decisionRecords").asLong()).isEqualTo(2);
        assertThat(answer.get("decisionLog").asText()).isEqualTo("pseudonymized");

        assertThat(server.get("/v1/businesses/acme/threads/gone").status()).isEqualTo(404);
        assertThat(server.get("/v1/businesses/beta/threads/gone").status()).isEqualTo(404);
        assertThat(server.get("/v1/businesses/acme/threads/kept").body()).isEqualTo(keptThread);
        assertThat(server.put("/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}")
                .json().get("audienceSize").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/decisions?personId=gone").json().get("decisions")).isEmpty();
        assertThat(server.get("/v1/decisions?personId=kept").json().get("decisions")).hasSize(2);
        assertThat(server.get("/v1/decisions/summary?campaignId=spring").json().get("decisions").asLong())
                .isEqualTo(before);

        try (Database database = Database.jdbc(server.jdbcUrl, "sa", "");
             Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String> exported = new ArrayList<>();
            new JdbcDecisionStore(database.dataSource(), "test").export(null, null, exported::add);
            assertThat(exported).hasSize(4).noneMatch(r -> r.contains("\"gone\""))
                    .anyMatch(r -> r.contains("\"erased-"));
            assertThat(exported.stream().filter(r -> r.contains("\"kept\"")).count()).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events WHERE person_id = 'gone'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM erasures")) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).doesNotContain("gone");
                }
                assertThat(rs.getInt("threads")).isEqualTo(2);
                assertThat(rs.getInt("events")).isEqualTo(3);
                assertThat(rs.getLong("records")).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
        }

        // a later event starts a fresh thread; erasing again finds only that
        assertThat(server.postJson("/v1/events", "[" + event("g4", "PERSON_MESSAGE", "acme", "gone",
                "2026-03-09T10:00:00Z") + "]").json().get("stored").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/businesses/acme/threads/gone").json().get("lastPersonInteractionAt").asText())
                .isEqualTo("2026-03-09T10:00:00Z");
        JsonNode again = server.delete("/v1/people/gone").json();
        assertThat(again.get("threads").asInt()).isEqualTo(1);
        assertThat(again.get("events").asInt()).isEqualTo(1);
        assertThat(again.get("decisionRecords").asLong()).isZero();
        JsonNode nobody = server.delete("/v1/people/nobody").json();
        assertThat(nobody.get("threads").asInt() + nobody.get("events").asInt()).isZero();
    }

    @Test
    void aBadPersonId_isRefusedNamingTheField() {
        TestServer.Answer answer = SERVER.get().delete("/v1/people/" + "x".repeat(300));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("personId");
    }
}
