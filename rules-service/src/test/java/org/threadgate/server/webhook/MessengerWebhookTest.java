package org.threadgate.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.server.http.CheckedClient.json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.server.ledger.ToggleProxy;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * The Messenger page webhook through the real service: the handshake, signed deliveries mapped into the ledger,
 * retries that store nothing, refused signatures and malformed payloads that store nothing, and a database outage
 * answered 503 so that the platform retries. Every answer is checked against the served OpenAPI document.
 */
class MessengerWebhookTest {
    private static final String SECRET = "app-secret-for-tests";
    private static final String VERIFY = "verify-me";
    private static final String PAGE = "1122334455";
    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_hook_");

    @TempDir
    Path dir;
    private final CheckedClient client = new CheckedClient();
    private ThreadgateServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void dropSchemas() {
        POSTGRES.dropAll();
    }

    private void start(MessengerSecrets secrets) throws Exception {
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.webhook.secrets = secrets));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> deliver(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/webhooks/messenger"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return client.send(request.build());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private static String handshake(String mode, String token, String challenge) {
        return "/v1/webhooks/messenger?hub.mode=" + mode + "&hub.verify_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&hub.challenge=" + challenge;
    }

    /** Two pages; every kind the mapping knows, two it ignores, an unknown one, and fields nobody reads. */
    static final String DELIVERY = """
            {"object": "page", "entry": [
              {"id": "1122334455", "time": 1773100000000, "messaging": [
                {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100000000,
                 "message": {"mid": "m_first.message-1", "text": "hello", "brand_new_field": {"x": 1}}},
                {"sender": {"id": "1122334455"}, "recipient": {"id": "901"}, "timestamp": 1773100060000,
                 "message": {"mid": "m_echo-1", "is_echo": true, "app_id": 42, "text": "hi!"}},
                {"sender": {"id": "902"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100120000,
                 "postback": {"mid": "m_postback-1", "title": "Start", "payload": "GET_STARTED"}},
                {"sender": {"id": "903"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100180000,
                 "reaction": {"mid": "m_echo-1", "action": "react", "emoji": "❤", "reaction": "love"}},
                {"sender": {"id": "904"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100240000,
                 "referral": {"ref": "spring-ad", "source": "ADS", "type": "OPEN_THREAD"}},
                {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100300000,
                 "optin": {"type": "notification_messages", "notification_messages_status": "STOP NOTIFICATIONS",
                           "notification_messages_timezone": "Europe/Paris"}},
                {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100360000,
                 "read": {"watermark": 1773100300000}},
                {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100370000,
                 "delivery": {"mids": ["m_echo-1"], "watermark": 1773100300000}},
                {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100380000,
                 "some_future_kind": {"anything": true}}],
               "standby": [
                {"sender": {"id": "905"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100400000,
                 "message": {"mid": "m_standby-1", "text": "while another app holds the thread"}}]},
              {"id": "5544332211", "time": 1773100500000, "messaging": [
                {"sender": {"id": "901"}, "recipient": {"id": "5544332211"}, "timestamp": 1773100500000,
                 "optin": {"type": "notification_messages", "notification_messages_status": "RESUME NOTIFICATIONS"}}]}
            ]}""";

    @Test
    void withoutAnAppSecret_theWebhookIsOff() throws Exception {
        start(MessengerSecrets.NONE);
        assertThat(json(get(handshake("subscribe", VERIFY, "c")), 404).get("code").asText())
                .isEqualTo("WEBHOOK_NOT_CONFIGURED");
        assertThat(json(deliver(DELIVERY, sign(SECRET, DELIVERY)), 404).get("detail").asText())
                .contains("THREADGATE_MESSENGER_APP_SECRET");
    }

    @Test
    void handshake_echoesTheChallengeOnlyForTheVerifyToken() throws Exception {
        start(new MessengerSecrets(SECRET, VERIFY));
        HttpResponse<String> ok = get(handshake("subscribe", VERIFY, "1158201444"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(json(get(handshake("subscribe", "guess", "1")), 403).get("code").asText())
                .isEqualTo("WEBHOOK_VERIFICATION_FAILED");
        assertThat(json(get(handshake("unsubscribe", VERIFY, "1")), 403).get("code").asText())
                .isEqualTo("WEBHOOK_VERIFICATION_FAILED");
    }

    @Test
    void signedDelivery_isMappedIntoTheLedger_andARetryStoresNothing() throws Exception {
        start(new MessengerSecrets(SECRET, VERIFY));
        JsonNode first = json(deliver(DELIVERY, sign(SECRET, DELIVERY)), 200);
        assertThat(first.get("received").asInt()).isEqualTo(11);
        // message, echo, postback, reaction, referral, messages off + time zone, standby message, messages on
        assertThat(first.get("events").asInt()).isEqualTo(9);
        assertThat(first.get("stored").asInt()).isEqualTo(9);
        assertThat(first.get("ignored")).hasSize(3);
        assertThat(first.at("/ignored/read").asInt()).isEqualTo(1);
        assertThat(first.at("/ignored/delivery").asInt()).isEqualTo(1);
        assertThat(first.at("/ignored/other").asInt()).isEqualTo(1);

        JsonNode again = json(deliver(DELIVERY, sign(SECRET, DELIVERY)), 200);
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(9);

        JsonNode person = thread(PAGE, "901");
        assertThat(person.get("lastPersonInteractionAt").asText()).isEqualTo("2026-03-09T23:46:40Z");
        assertThat(person.get("lastBusinessMessageAt").asText()).isEqualTo("2026-03-09T23:47:40Z");
        assertThat(person.get("messagesOff").asBoolean()).isTrue();
        assertThat(person.get("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(thread(PAGE, "902").get("open").asBoolean()).isTrue();
        assertThat(thread(PAGE, "903").get("open").asBoolean()).isTrue();
        assertThat(thread(PAGE, "904").get("open").asBoolean()).isTrue();
        assertThat(thread(PAGE, "905").get("open").asBoolean()).isTrue();
        JsonNode otherPage = thread("5544332211", "901");
        assertThat(otherPage.get("messagesOff").asBoolean()).isFalse();
        assertThat(otherPage.get("messagesChangedAt").asText()).isEqualTo("2026-03-09T23:55:00Z");

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("threadgate_messenger_deliveries_total 2.0")
                .contains("threadgate_messenger_events_total{type=\"PERSON_MESSAGE\"} 4.0")
                .contains("threadgate_messenger_ignored_total{kind=\"read\"} 2.0");
    }

    /** One messaging item of page {@code page}'s entry, as the platform sends it (epoch milliseconds). */
    private static String entry(String page, String item) {
        return "{\"id\": \"" + page + "\", \"time\": 1773144000000, \"messaging\": [" + item + "]}";
    }

    private static String sponsoredEcho(String page, String mid, long at, String metadata) {
        return "{\"sender\": {\"id\": \"" + page + "\"}, \"recipient\": {\"id\": \"777\"}, \"timestamp\": " + at
                + ", \"message\": {\"mid\": \"" + mid + "\", \"is_echo\": true, \"app_id\": 42, \"text\": \"Spring sale\","
                + " \"metadata\": " + Json.write(metadata) + "}}";
    }

    private HttpResponse<String> deliverSigned(String... entries) throws Exception {
        String body = "{\"object\": \"page\", \"entry\": [" + String.join(",", entries) + "]}";
        return deliver(body, sign(SECRET, body));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(server.port(), method, path, body);
    }

    /**
     * A page that sends a sponsored message puts {@code {"threadgate": "sponsored", "campaignId", "decisionId"?}} in
     * the Send API's metadata; its echo is the delivery the person cap counts, from whichever page it came, and the
     * echo of a message whose decision was recorded ({@code record: true}) is that same delivery, never a second one.
     */
    @Test
    void sponsoredEchoes_countForThePersonCap_andARecordedDeliveryIsNotCountedTwice() throws Exception {
        start(new MessengerSecrets(SECRET, VERIFY));
        String[] pages = {"1001", "1002", "1003", "1004"};
        String[] opened = new String[pages.length];
        for (int i = 0; i < pages.length; i++) {
            json(send("PUT", "/v1/businesses/" + pages[i], "{\"sponsoredMessagesEnabled\":true}"), 201);
            json(send("PUT", "/v1/campaigns/spring-" + i, "{\"businessId\":\"" + pages[i]
                    + "\",\"objective\":\"MESSAGES\"}"), 201);
            // person 777 and 99 others wrote to every page ten days before (an audience of 100)
            List<String> hellos = new java.util.ArrayList<>();
            for (int p = 678; p <= 777; p++) {
                hellos.add("{\"sender\": {\"id\": \"" + p + "\"}, \"recipient\": {\"id\": \"" + pages[i]
                        + "\"}, \"timestamp\": 1772280000000, \"message\": {\"mid\": \"m_hello-" + i + "-" + p
                        + "\", \"text\": \"hi\"}}");
            }
            opened[i] = entry(pages[i], String.join(",", hellos));
        }
        json(deliverSigned(opened), 200);
        // sponsored echoes from two pages, two hours and one hour before 12:00; and a plain echo with foreign metadata
        JsonNode two = json(deliverSigned(
                entry(pages[0], sponsoredEcho(pages[0], "m_ad-0", 1773136800000L,
                        "{\"threadgate\":\"sponsored\",\"campaignId\":\"spring-0\"}")),
                entry(pages[1], sponsoredEcho(pages[1], "m_ad-1", 1773140400000L,
                        "{\"threadgate\":\"sponsored\",\"campaignId\":\"spring-1\"}")),
                entry(pages[1], sponsoredEcho(pages[1], "m_plain", 1773140500000L, "{\"crm\":\"order-17\"}"))), 200);
        assertThat(two.get("stored").asInt()).isEqualTo(3);
        String at = "2026-03-10T12:00:00Z";
        JsonNode person = json(get("/v1/people/777?at=" + at), 200);
        assertThat(person.get("recentDeliveries")).extracting(d -> d.get("businessId").asText())
                .containsExactly(pages[1], pages[0]);
        assertThat(person.at("/personCap/counted").asInt()).isEqualTo(2);
        assertThat(person.at("/personCap/reached").asBoolean()).isFalse();
        assertThat(thread(pages[1], "777").get("lastBusinessMessageAt").asText())
                .as("the plain echo is a business message").isEqualTo("2026-03-10T11:01:40Z");

        // the third page's decision is recorded; its echo names the decision and adds nothing
        JsonNode third = json(send("POST", "/v1/decisions/delivery", "{\"campaignId\":\"spring-2\",\"personId\":"
                + "\"777\",\"at\":\"" + at + "\",\"record\":true}"), 200);
        assertThat(third.get("outcome").asText()).as(third.toString()).isEqualTo("DELIVER");
        JsonNode echo = json(deliverSigned(entry(pages[2], sponsoredEcho(pages[2], "m_ad-2", 1773144000500L,
                "{\"threadgate\":\"sponsored\",\"campaignId\":\"spring-2\",\"decisionId\":\""
                        + third.get("decisionId").asText() + "\"}"))), 200);
        assertThat(echo.get("stored").asInt()).isZero();
        assertThat(echo.get("duplicates").asInt()).isEqualTo(1);
        person = json(get("/v1/people/777?at=" + at), 200);
        assertThat(person.at("/personCap/counted").asInt()).isEqualTo(3);
        assertThat(person.at("/personCap/reached").asBoolean()).isTrue();
        assertThat(person.at("/personCap/retryAt").asText()).isEqualTo("2026-03-11T10:00:00Z");

        // the fourth page's campaign is held by the person cap
        JsonNode fourth = json(send("POST", "/v1/decisions/delivery", "{\"campaignId\":\"spring-3\",\"personId\":"
                + "\"777\",\"at\":\"" + at + "\"}"), 200);
        assertThat(fourth.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(fourth.get("reasons")).extracting(r -> r.get("code").asText()).containsExactly("PERSON_CAP_REACHED");

        // Threadgate's metadata without a usable campaign id is a 400 naming the field, and nothing is stored
        JsonNode bad = json(deliverSigned(entry(pages[3], sponsoredEcho(pages[3], "m_ad-3", 1773144000000L,
                "{\"threadgate\":\"sponsored\",\"campaignId\":17}"))), 400);
        assertThat(bad.get("errors").get(0).get("field").asText())
                .isEqualTo("entry[0].messaging[0].message.metadata.campaignId");
        assertThat(json(get("/v1/people/777?at=" + at), 200).get("recentDeliveries")).hasSize(3);
    }

    private JsonNode thread(String business, String person) throws Exception {
        return json(get("/v1/businesses/" + business + "/threads/" + person), 200);
    }

    @Test
    void missingOrWrongSignature_isRefused_andNothingIsStored() throws Exception {
        start(new MessengerSecrets(SECRET, VERIFY));
        assertThat(json(deliver(DELIVERY, null), 401).get("code").asText()).isEqualTo("WEBHOOK_SIGNATURE_MISSING");
        assertThat(json(deliver(DELIVERY, sign("another-secret", DELIVERY)), 403).get("code").asText())
                .isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        String tampered = DELIVERY.replace("\"901\"", "\"999\"");
        assertThat(json(deliver(tampered, sign(SECRET, DELIVERY)), 403).get("code").asText())
                .isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        assertThat(json(deliver(DELIVERY, "sha256=zz"), 403).get("code").asText())
                .isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        assertThat(get("/v1/businesses/" + PAGE + "/threads/901").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").body())
                .contains("threadgate_messenger_signature_failures_total{reason=\"missing\"} 1.0")
                .contains("threadgate_messenger_signature_failures_total{reason=\"invalid\"} 3.0");
    }

    @Test
    void malformedPayload_isA400NamingThePath_andNothingIsStored() throws Exception {
        start(new MessengerSecrets(SECRET, VERIFY));
        String bad = """
                {"object": "page", "entry": [
                  {"id": "1122334455", "time": 1, "messaging": [
                    {"sender": {"id": "901"}, "recipient": {"id": "1122334455"}, "timestamp": 1773100000000,
                     "message": {"mid": "m_ok"}},
                    {"sender": {"id": "902"}, "recipient": {"id": "1122334455"}, "timestamp": "yesterday",
                     "message": {"mid": "m_bad"}}]},
                  {"id": "5544332211", "time": 1, "messaging": 7}]}""";
        JsonNode problem = json(deliver(bad, sign(SECRET, bad)), 400);
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("entry[0].messaging[1].timestamp", "entry[1].messaging");
        assertThat(get("/v1/businesses/" + PAGE + "/threads/901").statusCode()).isEqualTo(404);
        String notPage = "{\"object\": \"instagram\", \"entry\": []}";
        assertThat(json(deliver(notPage, sign(SECRET, notPage)), 400).at("/errors/0/field").asText())
                .isEqualTo("object");
    }

    @Test
    void databaseOutage_isA503SoThePlatformRetries_andTheRetryIsStored() throws Exception {
        PostgresSchemas.require("MessengerWebhookTest on PostgreSQL");
        String url = POSTGRES.newSchemaUrl();
        URI target = URI.create(url.substring(5));
        try (ToggleProxy proxy = new ToggleProxy(target.getPort() == -1 ? 5432 : target.getPort())) {
            server = ThreadgateServer.start(ServerConfig.local(Path.of("unused"), config -> {
                config.webhook.secrets = new MessengerSecrets(SECRET, VERIFY);
                config.storage.jdbc(url.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:"
                        + proxy.port()) + "&connectTimeout=2&socketTimeout=10", PostgresSchemas.USER, "");
            }));
            proxy.cut();
            assertThat(json(deliver(DELIVERY, sign(SECRET, DELIVERY)), 503).get("code").asText())
                    .isEqualTo("STORAGE_UNAVAILABLE");
            proxy.restore();
            // as the platform does: retry until the delivery is taken; each refused attempt stored nothing
            long deadline = System.nanoTime() + 30_000_000_000L;
            HttpResponse<String> retried = deliver(DELIVERY, sign(SECRET, DELIVERY));
            while (retried.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                retried = deliver(DELIVERY, sign(SECRET, DELIVERY));
            }
            assertThat(json(retried, 200).get("stored").asInt()).isEqualTo(9);
        }
    }

    @Test
    void secrets_comeFromTheEnvironmentOrAFile_andAreNeverShown(@TempDir Path own) throws Exception {
        Path file = own.resolve("messenger.properties");
        Files.writeString(file, "app_secret=from-file\nverify_token=file-token\n");
        MessengerSecrets fromFile = MessengerSecrets.load(Map.of(), file);
        assertThat(fromFile).isEqualTo(new MessengerSecrets("from-file", "file-token"));
        MessengerSecrets fromEnv = MessengerSecrets.load(Map.of(MessengerSecrets.APP_SECRET_ENV, "from-env"), file);
        assertThat(fromEnv).isEqualTo(new MessengerSecrets("from-env", "file-token"));
        assertThat(MessengerSecrets.load(Map.of(), null).enabled()).isFalse();
        assertThat(fromEnv.toString()).doesNotContain("from-env").doesNotContain("file-token");
    }
}
