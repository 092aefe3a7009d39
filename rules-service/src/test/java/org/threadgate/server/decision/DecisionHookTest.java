package org.threadgate.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.decision.RecordingObserver;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;

/**
 * Every decision the server makes over HTTP, whatever its form, passes once through the library's observers with its
 * facts (the hook itself is tested in the library: DecisionObserversTest).
 */
class DecisionHookTest {
    private static final String BUSINESS = "{\"id\":\"acme\",\"sponsoredMessagesEnabled\":true}";
    private static final String CAMPAIGN = "{\"id\":\"c1\",\"objective\":\"MESSAGES\",\"audienceSize\":2500}";

    @Test
    void everyFormOfDecision_isObservedOnce_withTheFactsTheRulesSaw(@TempDir Path dir) throws Exception {
        RecordingObserver recorder = new RecordingObserver();
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir, config -> { }))) {
            server.service().observe(recorder);
            CheckedClient client = new CheckedClient();
            String base = "http://127.0.0.1:" + server.port();
            String at = "\"at\":\"2026-03-10T12:00:00Z\"";
            post(client, base + "/v1/decisions/delivery", "application/json", "{" + at + ",\"business\":" + BUSINESS
                    + ",\"campaign\":" + CAMPAIGN + ",\"person\":{\"id\":\"p-single\"},\"blocks\":[]}");
            post(client, base + "/v1/decisions/campaign", "application/json", "{" + at + ",\"business\":" + BUSINESS
                    + ",\"campaign\":" + CAMPAIGN + "}");
            post(client, base + "/v1/decisions/delivery/batch", "application/json", "{" + at + ",\"business\":"
                    + BUSINESS + ",\"campaign\":" + CAMPAIGN + ",\"recipients\":[{\"person\":{\"id\":\"j1\"}},"
                    + "{\"person\":{\"id\":\"j2\"}}]}");
            post(client, base + "/v1/decisions/delivery/batch", "application/x-ndjson", "{" + at + ",\"business\":"
                    + BUSINESS + ",\"campaign\":" + CAMPAIGN + "}\n{\"person\":{\"id\":\"s1\"}}\n");
            // by reference, and an audience of one, from the ledger
            put(client, base + "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}");
            put(client, base + "/v1/campaigns/c1", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}");
            post(client, base + "/v1/events", "application/json", "[{\"eventId\":\"e1\",\"type\":\"PERSON_MESSAGE\","
                    + "\"businessId\":\"acme\",\"personId\":\"p-ledger\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}]");
            post(client, base + "/v1/decisions/delivery", "application/json",
                    "{\"campaignId\":\"c1\",\"personId\":\"p-ledger\"," + at + "}");
            post(client, base + "/v1/campaigns/c1/audience/decisions", "application/json", "{" + at + "}");
        }

        assertThat(recorder.of(Origin.Form.FACTS)).hasSize(2);
        Decided.Delivery single = (Decided.Delivery) recorder.of(Origin.Form.FACTS).get(0);
        assertThat(single.request().recipient().person().id()).isEqualTo("p-single");
        assertThat(single.origin().via()).isEqualTo(Origin.Via.HTTP);
        assertThat(single.origin().batchId()).isNull();
        assertThat(single.decisionId()).isNotBlank();
        assertThat(recorder.of(Origin.Form.FACTS).get(1)).isInstanceOf(Decided.Campaign.class);

        List<Decided> batch = recorder.of(Origin.Form.BATCH);
        assertThat(batch).extracting(d -> ((Decided.Delivery) d).request().recipient().person().id())
                .containsExactly("j1", "j2", "s1");
        assertThat(batch.get(0).origin().batchId()).isEqualTo(batch.get(1).origin().batchId())
                .isNotEqualTo(batch.get(2).origin().batchId());

        Decided.Delivery byReference = (Decided.Delivery) recorder.of(Origin.Form.REFERENCE).get(0);
        assertThat(byReference.request().campaign().campaign().audienceSize()).isEqualTo(1); // read from the ledger
        assertThat(byReference.request().recipient().conversation().lastPersonInteractionAt())
                .hasToString("2026-03-01T00:00:00Z");
        assertThat(byReference.decision().outcome()).isEqualTo(DeliveryOutcome.SUPPRESS); // audience of 1

        assertThat(recorder.of(Origin.Form.AUDIENCE)).singleElement()
                .satisfies(d -> assertThat(((Decided.Delivery) d).request().recipient().person().id())
                        .isEqualTo("p-ledger"));
        assertThat(recorder.ended).extracting(Origin::form)
                .containsExactly(Origin.Form.BATCH, Origin.Form.BATCH, Origin.Form.AUDIENCE);
        assertThat(recorder.decided).extracting(Decided::decisionId).doesNotHaveDuplicates();
    }

    private static void post(CheckedClient client, String url, String type, String body) throws Exception {
        int status = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
        assertThat(status).as(url).isEqualTo(200);
    }

    private static void put(CheckedClient client, String url, String body) throws Exception {
        int status = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
        assertThat(status).as(url).isIn(200, 201);
    }
}
