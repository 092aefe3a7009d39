package org.threadgate.facade.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.PersonDelivery;

/** {@code person.recentDeliveries}: the person's deliveries from every business, read, checked, written, read back. */
class PersonHistoryCodecTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String BASE = """
            "at": "2026-03-10T12:00:00Z", "business": {"id": "acme", "sponsoredMessagesEnabled": true},
            "campaign": {"id": "spring", "objective": "MESSAGES", "audienceSize": 2500},
            "thread": {"lastPersonInteractionAt": "2026-03-01T09:00:00Z"}""";

    private static DeliveryRequest read(String person) throws Exception {
        return RequestCodec.delivery(Json.MAPPER.readTree("{" + BASE + ", \"person\": " + person + "}"), NOW);
    }

    @Test
    void deliveriesFromEveryBusiness_areRead() throws Exception {
        DeliveryRequest request = read("""
                {"id": "p1", "recentDeliveries": [
                  {"businessId": "shop-a", "campaignId": "a1", "deliveredAt": "2026-03-10T10:00:00Z"},
                  {"businessId": "acme", "campaignId": "x", "deliveredAt": "2026-03-09T10:00:00.5Z"}]}""");
        assertThat(request.recipient().person().recentDeliveries()).containsExactly(
                new PersonDelivery("shop-a", "a1", Instant.parse("2026-03-10T10:00:00Z")),
                new PersonDelivery("acme", "x", Instant.parse("2026-03-09T10:00:00.5Z")));
        assertThat(read("{\"id\": \"p1\"}").recipient().person().recentDeliveries()).isEmpty();
        assertThat(read("{\"id\": \"p1\", \"recentDeliveries\": null}").recipient().person().recentDeliveries())
                .isEmpty();
    }

    @Test
    void aBadDelivery_isA400NamingItsField() {
        assertThatThrownBy(() -> read("""
                {"id": "p1", "recentDeliveries": [{"campaignId": "a1", "deliveredAt": "yesterday", "extra": 1}]}"""))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder(
                                "person.recentDeliveries[0].businessId", "person.recentDeliveries[0].deliveredAt",
                                "person.recentDeliveries[0].extra"));
        assertThatThrownBy(() -> read("{\"id\": \"p1\", \"recentDeliveries\": {}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("person.recentDeliveries")
                .hasMessageContaining("must be an array of {businessId, campaignId, deliveredAt}");
    }

    @Test
    void moreThan128_isA400() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 129; i++) {
            many.append(i == 0 ? "" : ",").append("{\"businessId\": \"b").append(i)
                    .append("\", \"campaignId\": \"c\", \"deliveredAt\": \"2026-03-10T10:00:00Z\"}");
        }
        assertThatThrownBy(() -> read("{\"id\": \"p1\", \"recentDeliveries\": [" + many + "]}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("person.recentDeliveries")
                .hasMessageContaining("at most 128 deliveries, listed 129");
    }

    @Test
    void writtenAndReadBack_asTheDecisionLogDoes_keepsThem() throws Exception {
        DeliveryRequest request = read("""
                {"id": "p1", "timeZone": "Europe/Paris", "recentDeliveries": [
                  {"businessId": "shop-a", "campaignId": "a1", "deliveredAt": "2026-03-10T10:00:00Z"},
                  {"businessId": "shop-b", "campaignId": "b1", "deliveredAt": "2026-03-10T11:30:00.123Z"}]}""");
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(text)) {
            RequestCodec.write(json, request);
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text.toString())) {
            p.nextToken();
            DeliveryRequest back = RequestCodec.readWritten(p).delivery();
            assertThat(back).isEqualTo(request);
            assertThat(back.recipient().person().recentDeliveries()).hasSize(2);
        }
        // and the checked reader takes what the log wrote
        assertThat(RequestCodec.delivery(Json.MAPPER.readTree(text.toString()), NOW)).isEqualTo(request);
        assertThat(text.toString()).contains("\"businessId\":\"shop-b\"");
    }
}
