package org.threadgate.server.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.threadgate.facade.json.Json;

/**
 * Checks an answer of the API against the OpenAPI document the server serves: the operation (or, for a path or
 * method it does not have, the 404/405 answers), a documented status, a documented media type, the headers it declares
 * and a body (each line of NDJSON) valid against the schema. A new status, header or field that the document does not
 * describe fails the test that received it.
 */
public final class ApiContract {
    private static final String BASE = "https://threadgate.test/openapi.json";
    private static final Map<String, ApiContract> BY_DOCUMENT = new ConcurrentHashMap<>();
    /** Headers whose presence is part of the contract: sent only where documented. */
    private static final List<String> CONTRACT_HEADERS = List.of("Retry-After", "WWW-Authenticate");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ApiContract(String text) {
        try {
            this.document = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the served OpenAPI document is not JSON", e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(BASE, text)));
    }

    /** The contract of a served document (parsed once per distinct document). */
    public static ApiContract of(String servedDocument) {
        return BY_DOCUMENT.computeIfAbsent(servedDocument, ApiContract::new);
    }

    public JsonNode document() {
        return document;
    }

    /** One answer: what was asked, and what came back ({@code header} looks a response header up by name). */
    public void check(String method, String rawPath, int status, String contentType, Function<String,
            Optional<String>> header, String body) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String where = method + " " + rawPath + " -> " + status;
        JsonNode pathItem = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (template(entry.getKey()).matcher(path).matches()) {
                pathItem = entry.getValue();
                break;
            }
        }
        JsonNode response;
        JsonNode operation = pathItem == null ? null : pathItem.get(method.toLowerCase(Locale.ROOT));
        if (operation != null) {
            response = operation.path("responses").get(String.valueOf(status));
            if (response == null) {
                throw new AssertionError(where + ": status " + status + " is not documented for "
                        + operation.path("operationId").asText() + "; body: " + abbreviate(body));
            }
        } else {
            // no such operation: only the API-wide answers (see info.description) may come back
            String component = switch (status) {
                case 404 -> "NotFound";
                case 405 -> "MethodNotAllowed";
                default -> status >= 400 && status < 500 ? "BadRequest" : null;
            };
            if (component == null || (pathItem == null && status == 405)) {
                throw new AssertionError(where + ": no operation, and " + status + " is not an answer the API"
                        + " gives for a path or method it lacks");
            }
            response = document.path("components").path("responses").path(component);
        }
        response = resolve(response);
        for (String name : CONTRACT_HEADERS) {
            boolean declared = response.path("headers").has(name);
            boolean sent = header.apply(name).isPresent();
            if (declared != sent) {
                throw new AssertionError(where + ": header " + name + (sent ? " was sent but is not documented"
                        : " is documented but was not sent"));
            }
        }
        JsonNode content = response.get("content");
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (content == null || content.isEmpty()) {
            if (!body.isEmpty()) {
                throw new AssertionError(where + ": a body was sent where none is documented: " + abbreviate(body));
            }
            return;
        }
        JsonNode media = content.get(type);
        if (media == null) {
            throw new AssertionError(where + ": media type '" + type + "' is not documented; documented: "
                    + content.fieldNames().next());
        }
        JsonNode schemaNode = media.get("schema");
        String pointer = pointerOf(response, type);
        if (type.equals("application/x-ndjson")) {
            // the body is described as a string (generators must not parse it as one JSON value); each line's schema
            // is the media type's x-ndjson-line
            JsonNode lineSchema = media.get("x-ndjson-line");
            if (lineSchema == null) {
                throw new AssertionError(where + ": an NDJSON body without x-ndjson-line in the document");
            }
            String linePointer = pointer.substring(0, pointer.length() - "/schema".length()) + "/x-ndjson-line";
            int n = 0;
            for (String line : body.split("\n")) {
                n++;
                if (!line.isBlank()) {
                    validate(where + " line " + n, linePointer, lineSchema, line);
                    checkProblemCode(where + " line " + n, readTree(line).path("problem"));
                }
            }
        } else if (type.endsWith("json")) {
            validate(where, pointer, schemaNode, body);
            if (type.equals("application/problem+json")) {
                checkProblemCode(where, readTree(body));
            }
        }
    }

    /**
     * A problem's {@code code} is a plain string in the document (so that generated clients survive a new code), and
     * the codes are listed in its description: every code answered must be listed there, or be HTTP_ and a status.
     */
    private void checkProblemCode(String where, JsonNode problem) {
        if (!problem.isObject()) {
            return;
        }
        String code = problem.path("code").asText();
        if (code.matches("HTTP_[0-9]{3}")) {
            return;
        }
        String description = document.at("/components/schemas/Problem/properties/code/description").asText();
        java.util.regex.Matcher listed = Pattern.compile("one of ([A-Z0-9_, ]+);").matcher(description);
        if (!listed.find() || !List.of(listed.group(1).split(", ")).contains(code)) {
            throw new AssertionError(where + ": problem code " + code + " is not listed in Problem.code's description");
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    private void validate(String where, String pointer, JsonNode schemaNode, String json) {
        if (schemaNode == null) {
            return;
        }
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(where + ": the body is not JSON: " + abbreviate(json));
        }
        List<Error> errors = schema.validate(value);
        if (!errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.toString()));
            throw new AssertionError(where + ": the body does not match the document (" + pointer + "): " + messages
                    + "\nbody: " + abbreviate(json));
        }
    }

    /** The JSON pointer of the schema of {@code type} in {@code response} (a resolved response object). */
    private String pointerOf(JsonNode response, String type) {
        String found = locate(document, "", response);
        if (found == null) {
            throw new AssertionError("cannot locate a response in the document");
        }
        return found + "/content/" + escape(type) + "/schema";
    }

    /** The pointer of {@code target} (by identity) within {@code node}. */
    private static String locate(JsonNode node, String at, JsonNode target) {
        if (node == target) {
            return at;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String found = locate(e.getValue(), at + "/" + escape(e.getKey()), target);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        return resolve(document.at(ref.asText().substring(1)));
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Pattern template(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
