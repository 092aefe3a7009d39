package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.facade.json.Json;

/**
 * Over a thousand generated malformed or hostile requests to every endpoint: each answer is a 4xx problem+json, and
 * the service stays healthy and keeps deciding correctly. Every mutation is invalid by construction (a truncation,
 * a character no field accepts, a wrong type, a missing required field, bytes that are not UTF-8, ...), so a 2xx is
 * a defect, not luck.
 */
class FuzzTest {
    private static TestServer server;

    private record Target(String method, String path, String contentType, String body, List<String> required) {
    }

    private static final String EVENT = "{\"eventId\":\"e1\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\","
            + "\"personId\":\"p-1\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}";

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.post("/v1/events", "application/json", "[" + EVENT + "]");
        String put = "{\"sponsoredMessagesEnabled\":true}";
        server.send(HttpRequest.newBuilder(server.uri("/v1/businesses/acme")).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString(put)).build());
        server.send(HttpRequest.newBuilder(server.uri("/v1/campaigns/spring")).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}")).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Target> targets() {
        String batch = Requests.deliverable().campaign().replaceFirst("}$",
                ",\"recipients\":[" + Json.write(Requests.deliverable().recipientBody()) + "]}");
        return List.of(
                new Target("POST", "/v1/decisions/delivery", "application/json", Requests.deliverable()
                        .block("BLOCKED_BUSINESS").delivery(), List.of("/business", "/business/id",
                        "/business/sponsoredMessagesEnabled", "/campaign", "/campaign/id", "/campaign/objective",
                        "/campaign/audienceSize", "/person", "/person/id", "/blocks/0/kind")),
                new Target("POST", "/v1/decisions/delivery", "application/json",
                        "{\"campaignId\":\"spring\",\"personId\":\"p-1\",\"at\":\"2026-03-02T00:00:00Z\"}",
                        List.of("/campaignId", "/personId")),
                new Target("POST", "/v1/decisions/campaign", "application/json", Requests.deliverable().campaign(),
                        List.of("/business", "/campaign", "/campaign/objective", "/business/id")),
                new Target("POST", "/v1/decisions/delivery/batch", "application/json", batch,
                        List.of("/recipients", "/recipients/0/person", "/recipients/0/person/id", "/business")),
                new Target("POST", "/v1/decisions/delivery/batch", "application/x-ndjson",
                        Requests.deliverable().campaign(), List.of("/business", "/campaign", "/campaign/id")),
                new Target("POST", "/v1/events", "application/json", "[" + EVENT + "]",
                        List.of("/0/eventId", "/0/type", "/0/businessId", "/0/personId", "/0/occurredAt")),
                new Target("PUT", "/v1/businesses/acme", "application/json", "{\"sponsoredMessagesEnabled\":true}",
                        List.of("/sponsoredMessagesEnabled")),
                new Target("PUT", "/v1/campaigns/spring", "application/json",
                        "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}", List.of("/businessId", "/objective")),
                new Target("POST", "/v1/campaigns/spring/audience/decisions", "application/json",
                        "{\"at\":\"2026-03-02T00:00:00Z\"}", List.of()));
    }

    @Test
    void hostileRequests_getA4xxProblem_andTheServiceStaysHealthy() throws Exception {
        Random random = new Random(20261125);
        int sent = 0;
        List<String> failures = new ArrayList<>();
        for (Target target : targets()) {
            for (int i = 0; i < 115; i++) {
                Mutation m = mutate(target, random);
                TestServer.Answer answer = send(target, m);
                sent++;
                check(target.method() + " " + target.path() + " [" + m.name() + "]", answer, failures);
            }
        }
        for (int i = 0; i < 60; i++) { // hostile path parameters
            String bid = hostileId(random);
            String pid = hostileId(random);
            TestServer.Answer answer = server.get("/v1/businesses/" + bid + "/threads/" + pid);
            sent++;
            check("GET thread " + bid.length() + "/" + pid.length(), answer, failures);
            TestServer.Answer person = server.get("/v1/people/" + pid + (i % 3 == 0 ? "?at=" + bid : ""));
            sent++;
            check("GET person " + pid.length(), person, failures);
        }
        for (Target target : targets()) { // wrong methods and wrong media types
            TestServer.Answer wrongMethod = server.send(HttpRequest.newBuilder(server.uri(target.path()))
                    .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
            check("DELETE " + target.path(), wrongMethod, failures);
            TestServer.Answer wrongType = server.post(target.path().replace("/v1/businesses/acme",
                    "/v1/decisions/campaign"), "text/xml", "<x/>");
            check("text/xml " + target.path(), wrongType, failures);
            sent += 2;
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (HttpApi.Route route : server.api.routes()) {
            taken.add(route.method().name() + " " + route.path());
        }
        for (HttpApi.Route route : server.api.routes()) { // every route: methods its path does not take
            for (String method : List.of("DELETE", "PATCH", route.method().name().equals("GET") ? "POST" : "GET")) {
                if (taken.contains(method + " " + route.path())) {
                    continue; // one the path takes (GET and DELETE /v1/people/{personId})
                }
                String path = route.path().replaceAll("\\{\\w+}", "x");
                TestServer.Answer answer = server.send(HttpRequest.newBuilder(server.uri(path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                check(method + " " + route.path(), answer, failures);
                sent++;
            }
        }
        for (int i = 0; i < 20; i++) { // the reload takes no body at all
            TestServer.Answer answer = server.post("/v1/policies/reload", "application/json",
                    i % 2 == 0 ? "{\"rules\":\"/etc\"}" : "x".repeat(1 + random.nextInt(5_000)));
            check("POST reload with a body", answer, failures);
            sent++;
        }
        assertThat(sent).isGreaterThanOrEqualTo(1_000);
        assertThat(failures).as("answers that were not a 4xx problem").isEmpty();

        assertThat(server.get("/health/live").status()).isEqualTo(200);
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
        JsonNode decision = server.postJson("/v1/decisions/delivery", Requests.deliverable().delivery()).json();
        assertThat(decision.get("outcome").asText()).isEqualTo("DELIVER");
        JsonNode byReference = server.postJson("/v1/decisions/delivery",
                "{\"campaignId\":\"spring\",\"personId\":\"p-1\",\"at\":\"2026-03-02T00:00:00Z\"}").json();
        assertThat(byReference.get("reasons").get(0).get("code").asText()).isEqualTo("AUDIENCE_TOO_SMALL");
    }

    private static void check(String what, TestServer.Answer answer, List<String> failures) {
        boolean problem = answer.contentType().startsWith("application/problem+json");
        int status = answer.status();
        if (answer.contentType().startsWith("application/x-ndjson") && status == 200) {
            // a streamed batch whose header line was fine: the first bad line must end it with a problem line
            String[] lines = answer.body().split("\n");
            if (lines.length > 0 && lines[lines.length - 1].startsWith("{\"problem\":")) {
                return;
            }
        }
        if (status < 400 || status > 499 || !problem) {
            failures.add(what + " -> " + status + " " + answer.contentType() + " "
                    + answer.body().substring(0, Math.min(200, answer.body().length())));
            return;
        }
        JsonNode body = answer.json();
        if (body.get("status").asInt() != status || body.get("detail").asText().isBlank()) {
            failures.add(what + " -> inconsistent problem " + answer.body());
        }
    }

    private record Mutation(String name, byte[] body) {
    }

    private static TestServer.Answer send(Target target, Mutation m) {
        byte[] body = m.body();
        if (target.contentType().equals("application/x-ndjson")) {
            // the mutated header line, then a valid recipient that must never be decided
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body);
            all.writeBytes(("\n" + Json.write(Requests.deliverable().recipientBody()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            body = all.toByteArray();
        }
        return server.send(HttpRequest.newBuilder(server.uri(target.path()))
                .header("Content-Type", target.contentType())
                .method(target.method(), HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static Mutation mutate(Target target, Random random) throws Exception {
        String base = target.body();
        JsonNode tree = Json.MAPPER.readTree(base);
        List<String> leaves = new ArrayList<>();
        collect(tree, "", leaves);
        switch (random.nextInt(12)) {
            case 0 -> {
                int cut = 1 + random.nextInt(base.length() - 1);
                return text("truncated", base.substring(0, cut));
            }
            case 1 -> {
                int at = 1 + random.nextInt(base.length() - 1);
                String junk = List.of("#", "#\u0001", "#!", "\u0000#").get(random.nextInt(4));
                return text("foreign character", base.substring(0, at) + junk + base.substring(at));
            }
            case 2 -> {
                String leaf = leaves.get(random.nextInt(leaves.size()));
                int depth = 1_000 + random.nextInt(20_000);
                return text("deep nesting", replaceRaw(tree, leaf, "[".repeat(depth) + "]".repeat(depth)));
            }
            case 3 -> {
                String leaf = leaves.get(random.nextInt(leaves.size()));
                String huge = List.of("1e400", "-1", "99999999999999999999999999", "2147483648", "0.5",
                        "-0.0000001", "1" + "0".repeat(90)).get(random.nextInt(7));
                String raw = replaceRaw(tree, leaf, huge);
                return text("huge number", raw);
            }
            case 4 -> {
                byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
                int at = 1 + random.nextInt(bytes.length - 1);
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}};
                byte[] insert = bad[random.nextInt(bad.length)];
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, at);
                out.writeBytes(insert);
                out.write(bytes, at, bytes.length - at);
                return new Mutation("invalid UTF-8", out.toByteArray());
            }
            case 5 -> {
                String leaf = leaves.get(random.nextInt(leaves.size()));
                JsonNode old = tree.at(leaf);
                String swapped = old.isTextual() ? "7" : old.isBoolean() ? "\"yes\"" : old.isNumber() ? "\"12\""
                        : old.isArray() ? "{}" : "\"x\"";
                return text("wrong type", replaceRaw(tree, leaf, swapped));
            }
            case 6 -> {
                String leaf = stringLeaf(tree, leaves, random);
                if (leaf == null) {
                    return text("empty body", "");
                }
                String big = "x".repeat(300 + random.nextInt(200_000));
                return text("enormous string", replaceRaw(tree, leaf, "\"" + big + "\""));
            }
            case 7 -> {
                if (target.required().isEmpty()) {
                    return text("not an object", "[]");
                }
                String required = target.required().get(random.nextInt(target.required().size()));
                JsonNode copy = tree.deepCopy();
                remove(copy, required);
                return text("missing " + required, Json.write(copy));
            }
            case 8 -> {
                if (target.required().isEmpty()) {
                    return text("scalar body", "42");
                }
                String required = target.required().get(random.nextInt(target.required().size()));
                return text("null " + required, replaceRaw(tree, required, "null"));
            }
            case 9 -> {
                return text("duplicate key", base.startsWith("[") ? "[" + base.substring(1, base.length() - 1)
                        .replaceFirst("\\{", "{\"eventId\":\"dup\",") + "]" : base.replaceFirst("\\{", "{\"at\":\"x\","));
            }
            case 10 -> {
                String leaf = stringLeaf(tree, leaves, random);
                String control = List.of("\\u0000", "\\n", " ", "/../", "\\u202e", "%00").get(random.nextInt(6));
                if (leaf == null) {
                    return text("whitespace body", "  \n ");
                }
                String old = tree.at(leaf).asText();
                return text("control characters", replaceRaw(tree, leaf, "\"" + old + control + "\""));
            }
            default -> {
                // (an empty body is fine where the body is optional: the audience endpoint)
                boolean empty = random.nextBoolean() && !target.required().isEmpty();
                return text(empty ? "empty body" : "unknown field", empty ? "" : base.startsWith("[")
                        ? "[{\"x\":1}]" : base.replaceFirst("\\{", "{\"nonsense\":1,"));
            }
        }
    }

    private static Mutation text(String name, String body) {
        return new Mutation(name, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every value's JSON pointer, containers included. */
    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (!pointer.isEmpty()) {
            out.add(pointer);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> collect(node.get(name), pointer + "/" + name, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /**
     * A string value that must be an id, an enum or a timestamp: never a free text, so any foreign character or
     * excess length makes the request invalid.
     */
    private static String stringLeaf(JsonNode tree, List<String> leaves, Random random) {
        List<String> strings = leaves.stream().filter(l -> tree.at(l).isTextual()).toList();
        return strings.isEmpty() ? null : strings.get(random.nextInt(strings.size()));
    }

    private static final String MARK = "\"__replace_me__\"";

    /** The tree as JSON text with the value at {@code pointer} replaced by raw text (which may be invalid JSON). */
    private static String replaceRaw(JsonNode tree, String pointer, String raw) {
        JsonNode copy = tree.deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, TextNode.valueOf("__replace_me__"));
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), TextNode.valueOf("__replace_me__"));
        }
        return Json.write(copy).replace(MARK, raw);
    }

    private static void remove(JsonNode tree, String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        ContainerNode<?> parent = (ContainerNode<?>) tree.at(p.head());
        if (parent instanceof ObjectNode object) {
            object.remove(p.last().getMatchingProperty());
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(p.last().getMatchingProperty()));
        }
    }

    private static String hostileId(Random random) {
        String raw = switch (random.nextInt(5)) {
            case 0 -> "a b";
            case 1 -> "x".repeat(300 + random.nextInt(3_000));
            case 2 -> "..%2F..%2Fetc";
            case 3 -> "\u0000\u202e";
            default -> "id<script>";
        };
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
