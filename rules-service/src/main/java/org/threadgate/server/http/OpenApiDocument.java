package org.threadgate.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.facade.json.Json;
import org.threadgate.server.Limits;
import org.threadgate.server.security.Access;

/**
 * The OpenAPI document as this server answers: the bundled document with the configured limits in place of the
 * defaults, and the bearer requirement (with its 401 and 403 answers) only on routes that need a token here; the
 * other routes say {@code security: []}.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/org/threadgate/server/openapi.json";

    private OpenApiDocument() {
    }

    /** The bundled document, as written. */
    static ObjectNode bundled() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static String forServer(Access access, Limits limits) {
        ObjectNode doc = bundled();
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        ((ObjectNode) schemas.path("Id")).put("maxLength", limits.fields().maxIdLength());
        ((ObjectNode) schemas.path("Recipient").path("properties").path("blocks"))
                .put("maxItems", limits.fields().maxBlocksPerRecipient());
        ((ObjectNode) schemas.path("DeliveryRequest").path("properties").path("blocks"))
                .put("maxItems", limits.fields().maxBlocksPerRecipient());
        ((ObjectNode) schemas.path("BatchRequest").path("properties").path("recipients"))
                .put("maxItems", limits.maxBatchRecipients());
        ((ObjectNode) schemas.path("EventBatch")).put("maxItems", limits.maxEvents());
        ObjectNode responses = (ObjectNode) doc.path("components").path("responses");
        ((ObjectNode) responses.path("BodyTooLarge")).put("description", "the body is over "
                + limits.maxBodyBytes() + " bytes (BODY_TOO_LARGE)");
        ((ObjectNode) responses.path("BatchTooLarge")).put("description", "the body is over "
                + limits.maxBatchBodyBytes() + " bytes (BODY_TOO_LARGE), or it holds more than "
                + limits.maxBatchRecipients() + " recipients or " + limits.maxEvents()
                + " events (TOO_MANY_RECIPIENTS, TOO_MANY_EVENTS)");
        ((ObjectNode) schemas.path("Id")).put("description", "an id: letters A-Z a-z, digits and . _ : @ + = -"
                + " (no spaces or slashes), at most " + limits.fields().maxIdLength() + " characters");
        ((ObjectNode) schemas.path("EventBatch")).put("description", "at most " + limits.maxEvents()
                + " events per request");
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/v1/webhooks/")) {
                continue; // signed by the platform, never a bearer token: as written, whatever --tokens says
            }
            for (Iterator<JsonNode> ops = path.getValue().elements(); ops.hasNext(); ) {
                ObjectNode op = (ObjectNode) ops.next();
                boolean open = !access.required() || (path.getKey().equals("/metrics") && access.openMetrics());
                if (open) {
                    op.putArray("security"); // explicitly none
                    ((ObjectNode) op.path("responses")).remove("401");
                    ((ObjectNode) op.path("responses")).remove("403");
                }
            }
        }
        if (!access.required()) {
            ((ObjectNode) doc.path("components")).remove("securitySchemes");
            ((ObjectNode) responses).remove("Unauthenticated");
            ((ObjectNode) responses).remove("Forbidden");
        }
        return Json.write(doc);
    }
}
