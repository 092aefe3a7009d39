package org.threadgate.flink;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;

/**
 * A policy set as it travels to the tasks: its text (rule files, settings, cases) as JSON, never a compiled or
 * serialised KieBase; each task compiles it once.
 */
final class Policies {
    private Policies() {
    }

    static String toJson(PolicySource source) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("origin", source.origin());
        json.put("rules", source.ruleFiles());
        json.put("settings", source.settings());
        json.put("tests", source.testFiles());
        return Json.write(json);
    }

    static PolicySource fromJson(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return new PolicySource(node.path("origin").asText("update"), files(node.get("rules")),
                    node.path("settings").isTextual() ? node.get("settings").asText() : null, files(node.get("tests")));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy update: " + e.getMessage(), e);
        }
    }

    private static TreeMap<String, String> files(JsonNode node) {
        TreeMap<String, String> files = new TreeMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        }
        return files;
    }
}
