package org.threadgate.facade.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields each input shape accepts, by the name of its schema in the HTTP API's OpenAPI document, gathered from the
 * codecs that read them ({@link RequestCodec}, {@link RecipientCodec}, {@link LedgerReader}: each declares its shapes'
 * fields once, beside the code that reads them, and rejects any other field). The server's contract test checks this
 * table against the document it serves, both ways, so neither can gain or lose a field alone.
 */
public final class WireFields {
    private WireFields() {
    }

    /** Built on first use from the codecs' own declarations (never during a codec's initialization). */
    private static final class Table {
        static final Map<String, Set<String>> SHAPES = shapes();
    }

    /**
     * The accepted fields of one shape.
     *
     * @param shape the schema's name, for example {@code DeliveryRequest}
     * @return its fields, in the order the document lists them
     * @throws IllegalArgumentException for a shape no reader accepts
     */
    public static Set<String> of(String shape) {
        Set<String> fields = Table.SHAPES.get(shape);
        if (fields == null) {
            throw new IllegalArgumentException("no reader accepts the shape " + shape);
        }
        return fields;
    }

    /**
     * Every input shape and its fields.
     *
     * @return shape name to fields, unmodifiable
     */
    public static Map<String, Set<String>> all() {
        return Table.SHAPES;
    }

    private static Map<String, Set<String>> shapes() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.putAll(RequestCodec.SHAPES);
        m.putAll(RecipientCodec.SHAPES);
        m.putAll(LedgerReader.SHAPES);
        return Collections.unmodifiableMap(m);
    }

    /** Fields in their order, for a codec's declaration. */
    static Set<String> ordered(String... fields) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(fields)));
    }

    /** A codec's declaration: shape name to fields, in order. */
    static Map<String, Set<String>> declare(Object... shapeThenFields) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < shapeThenFields.length; i += 2) {
            m.put((String) shapeThenFields[i], (Set<String>) shapeThenFields[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
