package org.threadgate.server.decisionlog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.json.Json;

/**
 * Every policy version that went live, kept with its files, so that a logged decision can be evaluated again under
 * the rules that made it. Compiled old versions are kept for reuse (a few, the most recently used).
 */
public final class PolicyVersions {
    private static final int COMPILED_KEPT = 4;

    private final DecisionStore store;
    private final PolicyCompiler compiler = new PolicyCompiler();
    private final Map<String, PolicySet> compiled = new LinkedHashMap<>(8, 0.75f, true);

    public PolicyVersions(DecisionStore store) {
        this.store = store;
    }

    public DecisionStore store() {
        return store;
    }

    /** Stores {@code set}'s version with its files, once (called when a set goes live). */
    public void wentLive(PolicySet set) {
        store.saveVersion(set.version(), set.loadedAt(), set.origin(), filesJson(set.source()));
    }

    /** The files of a version as JSON: origin, rules (path to text), settings (text or null), tests. */
    public static String filesJson(PolicySource source) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("origin", source.origin());
        ObjectNode rules = root.putObject("rules");
        source.ruleFiles().forEach(rules::put);
        root.put("settings", source.settings());
        ObjectNode tests = root.putObject("tests");
        source.testFiles().forEach(tests::put);
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy files are plain JSON", e);
        }
    }

    /** The stored files of {@code version}, when it ever went live here. */
    public Optional<PolicySource> source(String version) {
        return store.versionFiles(version).map(PolicyVersions::parse);
    }

    static PolicySource parse(String filesJson) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(filesJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy version is not JSON", e);
        }
        TreeMap<String, String> rules = new TreeMap<>();
        root.path("rules").fields().forEachRemaining(f -> rules.put(f.getKey(), f.getValue().asText()));
        TreeMap<String, String> tests = new TreeMap<>();
        root.path("tests").fields().forEachRemaining(f -> tests.put(f.getKey(), f.getValue().asText()));
        JsonNode settings = root.get("settings");
        return new PolicySource(root.path("origin").asText(), rules,
                settings == null || settings.isNull() ? null : settings.asText(), tests);
    }

    /**
     * The compiled set of {@code version}: {@code live} when it is that version, else the stored files compiled
     * (empty when the version never went live here).
     */
    public synchronized Optional<PolicySet> policySet(String version, PolicySet live) {
        if (live != null && live.version().equals(version)) {
            return Optional.of(live);
        }
        PolicySet kept = compiled.get(version);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<PolicySource> source = source(version);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Compilation compilation = compiler.compile(source.get());
        if (!compilation.succeeded() || !compilation.policySet().version().equals(version)) {
            throw new IllegalStateException("stored policy version " + version + " no longer compiles to itself: "
                    + compilation.problems());
        }
        compiled.put(version, compilation.policySet());
        if (compiled.size() > COMPILED_KEPT) {
            var eldest = compiled.entrySet().iterator();
            eldest.next().getValue().close();
            eldest.remove();
        }
        return Optional.of(compilation.policySet());
    }
}
