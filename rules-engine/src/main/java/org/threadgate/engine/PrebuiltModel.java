package org.threadgate.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;

/**
 * The bundled policy set compiled at build time into Drools' executable model (see {@code ExecutableModelBuild} in
 * the engine's build sources): rule classes already compiled, so that loading the set neither parses DRL nor runs
 * the Java compiler. An index on the classpath names the policy version the model was built from; the model is used
 * only for a set whose version (a hash of its rule files and effective settings) is exactly that one.
 */
public final class PrebuiltModel {
    /** The index: {@code version} (the policy version) and {@code models} (comma-separated model class names). */
    public static final String INDEX = "META-INF/threadgate/executable-model.properties";

    private static final Index LOADED = readIndex();

    private record Index(String version, List<String> models) {
    }

    private PrebuiltModel() {
    }

    /**
     * The version the shipped model was built from, or {@code null} when this build ships none.
     *
     * @return the version
     */
    public static String version() {
        return LOADED == null ? null : LOADED.version();
    }

    /** A new KieBase from the shipped model when it was built from exactly {@code version}; otherwise null. */
    static KieBase kieBase(String version) {
        if (LOADED == null || !LOADED.version().equals(version)) {
            return null;
        }
        List<Model> models = new ArrayList<>();
        for (String name : LOADED.models()) {
            try {
                models.add((Model) Class.forName(name, true, PrebuiltModel.class.getClassLoader())
                        .getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("the shipped executable model is incomplete (" + name + "): "
                        + e.getMessage(), e);
            }
        }
        return KieBaseBuilder.createKieBaseFromModel(models);
    }

    private static Index readIndex() {
        try (InputStream in = PrebuiltModel.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            String models = properties.getProperty("models");
            if (version == null || models == null || models.isBlank()) {
                throw new IllegalStateException(INDEX + " lacks version or models");
            }
            return new Index(version, List.of(models.split(",")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }
}
