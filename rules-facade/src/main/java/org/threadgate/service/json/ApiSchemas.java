package org.threadgate.service.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The request shapes as the OpenAPI document declares them: the readers take the fields they accept from here, so the
 * document and the input rules cannot drift apart.
 */
final class ApiSchemas {
    private static final String RESOURCE = "/org/threadgate/service/openapi.json";
    private static final JsonNode SCHEMAS = load();

    private ApiSchemas() {
    }

    /** The properties of {@code components.schemas.<name>}; a missing schema is a defect of the build. */
    static Set<String> fields(String name) {
        JsonNode properties = SCHEMAS.path(name).path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document has no properties for schema " + name);
        }
        Set<String> fields = new LinkedHashSet<>();
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        return Set.copyOf(fields);
    }

    private static JsonNode load() {
        try (InputStream in = ApiSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Json.MAPPER.readTree(in).path("components").path("schemas");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
