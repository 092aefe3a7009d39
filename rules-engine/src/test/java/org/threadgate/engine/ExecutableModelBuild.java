package org.threadgate.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Run by the build (rules-engine/pom.xml, phase process-test-classes), not shipped: compiles the bundled policy set
 * into Drools' executable model and writes its classes and {@link PrebuiltModel#INDEX} into the engine's classes
 * folder. Fails on any compiler message other than INFO, so the shipped model is exactly what the DRL says.
 *
 * <p>Arguments: the bundled set's source folder, then the classes folder to write into.
 */
public final class ExecutableModelBuild {
    private ExecutableModelBuild() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExecutableModelBuild POLICY_DIR CLASSES_DIR");
            System.exit(2);
        }
        PolicySource source = PolicySource.directory(Path.of(args[0]));
        Path classes = Path.of(args[1]);
        SettingsReader.Result settings = SettingsReader.read(source.settings());
        if (!settings.problems().isEmpty()) {
            fail("the bundled settings have problems: " + settings.problems());
        }
        String version = PolicyCompiler.version(source, settings.all());

        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("org.threadgate.policyset", "bundled-" + version, "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        PolicyCompiler.writeModule(kfs, source, releaseId);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> messages = builder.getResults().getMessages().stream()
                .filter(m -> m.getLevel() != Message.Level.INFO).toList();
        if (!messages.isEmpty()) {
            fail("the bundled policies do not compile cleanly: " + messages);
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        int written = 0;
        List<String> models = new ArrayList<>();
        for (String name : module.getFileNames()) {
            if (name.endsWith(".class")) {
                Path target = classes.resolve(name);
                Files.createDirectories(target.getParent());
                Files.write(target, module.getBytes(name));
                written++;
            } else if (name.endsWith("/drools-model")) {
                // one model class name per line, after a "Drools-Model-Version:" header
                for (String line : new String(module.getBytes(name), StandardCharsets.UTF_8).split("\\R")) {
                    if (!line.isBlank() && !line.startsWith("Drools-Model-Version:")) {
                        models.add(line.trim());
                    }
                }
            }
        }
        ks.getRepository().removeKieModule(releaseId);
        if (models.isEmpty() || written == 0) {
            fail("the executable model build produced no model (files: " + module.getFileNames() + ")");
        }
        Properties index = new Properties();
        index.setProperty("version", version);
        index.setProperty("models", String.join(",", models));
        Path indexFile = classes.resolve(PrebuiltModel.INDEX);
        Files.createDirectories(indexFile.getParent());
        try (OutputStream out = Files.newOutputStream(indexFile)) {
            index.store(out, "written by ExecutableModelBuild: the bundled policies as an executable model");
        }
        System.out.println("[threadgate] executable model of the bundled policies, version " + version + ": "
                + written + " classes in " + models.size() + " models");
    }

    private static void fail(String message) {
        System.err.println("[threadgate] " + message);
        System.exit(1);
    }
}
