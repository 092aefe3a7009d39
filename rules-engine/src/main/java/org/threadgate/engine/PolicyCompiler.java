package org.threadgate.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.threadgate.model.PolicySettings;
import org.threadgate.model.Settings;

/**
 * Compiles a {@link PolicySource} into an immutable {@link PolicySet}, or reports every problem with file, line and
 * column. Besides the DRL compiler's own errors: each rule must carry {@code @code}, {@code @title} and
 * {@code @message} metadata, codes are unique, and the lint holds (no clock reads, no prints, package = folder).
 */
public final class PolicyCompiler {
    private static final String RESOURCES = "src/main/resources/";
    /** Drools puts the column only in the message text: "[ERR 101] Line 12:36 ...". */
    private static final Pattern LINE_COLUMN = Pattern.compile("Line (\\d+):(\\d+)");
    private static final Pattern QUOTED_NAME = Pattern.compile("'([\\w.$]+)'");
    private static final AtomicLong BUILDS = new AtomicLong();
    static final List<String> REQUIRED_METADATA = List.of("code", "title", "message");

    private final Clock clock;

    /**
     * A compiler that stamps each set's load time from {@code clock}.
     *
     * @param clock the clock; it never reaches a rule
     */
    public PolicyCompiler(Clock clock) {
        this.clock = clock;
    }

    /** A compiler on the system clock (UTC). */
    public PolicyCompiler() {
        this(Clock.systemUTC());
    }

    /**
     * Compiles the set; when the build shipped an executable model of exactly this text and settings (the bundled
     * set, or a copy of it), that model is loaded instead of compiling the DRL (see {@link PrebuiltModel}).
     *
     * @param source the rule files and settings
     * @return the compiled set or every problem
     */
    public Compilation compile(PolicySource source) {
        return compile(source, true);
    }

    /**
     * As {@link #compile(PolicySource)}; with {@code usePrebuilt} false the DRL is always compiled from source.
     *
     * @param source the rule files and settings
     * @param usePrebuilt whether a shipped executable model may be used
     * @return the compiled set or every problem
     */
    public Compilation compile(PolicySource source, boolean usePrebuilt) {
        List<Problem> problems = new ArrayList<>();
        SettingsReader.Result settings = SettingsReader.read(source.settings());
        problems.addAll(settings.problems());
        if (source.ruleFiles().isEmpty()) {
            problems.add(Problem.error(".", 0, 0, "the policy set has no rule files (*.drl)"));
            return new Compilation(null, problems);
        }
        // Settings and lint problems are errors, but the DRL is still compiled so one run reports everything.
        problems.addAll(PolicyLinter.lint(source.ruleFiles()));
        Settings all = settings.all() != null ? settings.all() : SettingsReader.read(null).all();
        if (settings.all() != null) {
            problems.addAll(SettingsCheck.check(source.ruleFiles(), all, settings.declaredAt()));
        }

        String version = version(source, all);
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("org.threadgate.policyset", "policies-" + version,
                "1.0." + BUILDS.incrementAndGet());
        KieBase kieBase = problems.stream().anyMatch(Problem::isError) || !usePrebuilt ? null
                : PrebuiltModel.kieBase(version);
        PolicySet.Build build = kieBase != null ? PolicySet.Build.EXECUTABLE_MODEL : PolicySet.Build.DRL;
        if (kieBase == null) {
            kieBase = buildFromSource(ks, source, releaseId, problems);
            if (kieBase == null) {
                return new Compilation(null, problems);
            }
        }
        List<RuleInfo> rules = readRules(kieBase, new RuleFileIndex(source.ruleFiles()), problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Compilation(null, problems);
        }
        return new Compilation(new PolicySet(source, version, clock.instant(), all, rules,
                kieBase, releaseId, build), problems);
    }

    /**
     * Compiles the DRL text with the Java compiler (the classic, interpreted-then-JIT rule network), adding every
     * problem; the KieBase, or {@code null} when anything is an error.
     */
    private static KieBase buildFromSource(KieServices ks, PolicySource source, ReleaseId releaseId,
                                           List<Problem> problems) {
        KieFileSystem kfs = ks.newKieFileSystem();
        Map<String, String> sourceOf = writeModule(kfs, source, releaseId);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        for (Message message : builder.getResults().getMessages()) {
            if (message.getLevel() == Message.Level.INFO) {
                continue;
            }
            problems.add(toProblem(message, sourceOf, source.ruleFiles()));
        }
        dropParserEcho(problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            ks.getRepository().removeKieModule(releaseId);
            return null;
        }
        try {
            return ks.newKieContainer(releaseId).getKieBase();
        } finally {
            // The repository would otherwise keep every build (~78 KB each) for the life of the process.
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * Writes the set's rule files into a module as Drools expects (each file in the folder of its package) and
     * returns the module path of each file mapped back to the set's own path, for problems.
     */
    static Map<String, String> writeModule(KieFileSystem kfs, PolicySource source, ReleaseId releaseId) {
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> sourceOf = new HashMap<>();
        source.ruleFiles().forEach((path, text) -> {
            String packageDir = RuleFileIndex.packageOf(text).replace('.', '/');
            String kiePath = RESOURCES + (packageDir.isEmpty() ? "" : packageDir + "/") + path.replace("/", "__");
            sourceOf.put(kiePath, path);
            kfs.write(kiePath, text);
        });
        return sourceOf;
    }

    /** After a syntax error Drools adds "Parser returned a null Package" at 0:0: it says nothing more, so drop it. */
    private static void dropParserEcho(List<Problem> problems) {
        problems.removeIf(p -> p.line() == 0 && p.message().equals("Parser returned a null Package")
                && problems.stream().anyMatch(o -> o != p && o.isError() && o.file().equals(p.file())));
    }

    private static List<RuleInfo> readRules(KieBase kieBase, RuleFileIndex index, List<Problem> problems) {
        List<RuleInfo> rules = new ArrayList<>();
        Map<String, RuleInfo> byCode = new LinkedHashMap<>();
        Map<String, RuleInfo> byName = new LinkedHashMap<>();
        List<Rule> all = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            all.addAll(pkg.getRules());
        }
        all.sort(Comparator.comparing(Rule::getPackageName).thenComparing(Rule::getName));
        for (Rule rule : all) {
            RuleFileIndex.Location at = index.locate(rule.getPackageName(), rule.getName());
            Map<String, Object> meta = rule.getMetaData();
            List<String> missing = REQUIRED_METADATA.stream().filter(key -> text(meta.get(key)).isBlank()).toList();
            if (!missing.isEmpty()) {
                problems.add(Problem.error(at.file(), at.line(), 1, "rule '" + rule.getName() + "' lacks metadata "
                        + String.join(", ", missing.stream().map(k -> "@" + k + "(\"...\")").toList())));
                continue;
            }
            RuleInfo info = new RuleInfo(rule.getPackageName(), rule.getName(), text(meta.get("code")),
                    text(meta.get("title")), text(meta.get("message")), at.file(), at.line());
            RuleInfo sameCode = byCode.putIfAbsent(info.code(), info);
            if (sameCode != null) {
                problems.add(Problem.error(at.file(), at.line(), 1, "rule '" + rule.getName() + "' reuses code "
                        + info.code() + " of rule '" + sameCode.name() + "' (" + sameCode.file() + ":"
                        + sameCode.line() + "); every rule needs its own code"));
                continue;
            }
            RuleInfo sameName = byName.putIfAbsent(info.name(), info);
            if (sameName != null) {
                problems.add(Problem.error(at.file(), at.line(), 1, "rule name '" + rule.getName()
                        + "' is also used in " + sameName.file() + ":" + sameName.line()
                        + "; rule names must be unique across the policy set"));
                continue;
            }
            rules.add(info);
        }
        return rules;
    }

    /** Metadata values come back without quotes in Drools 10; strip them anyway should a version keep them. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString().trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Problem toProblem(Message message, Map<String, String> sourceOf, Map<String, String> texts) {
        String kiePath = message.getPath() == null ? "?" : message.getPath();
        String path = sourceOf.getOrDefault(kiePath, sourceOf.getOrDefault(RESOURCES + kiePath, kiePath));
        int line = Math.max(message.getLine(), 0);
        int column = 0;
        Matcher m = LINE_COLUMN.matcher(message.getText());
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
            column = Integer.parseInt(m.group(2));
        }
        if (column == 0 && line > 0) {
            column = columnOfQuotedName(message.getText(), texts.get(path), line);
        }
        Problem.Severity severity = message.getLevel() == Message.Level.ERROR ? Problem.Severity.ERROR
                : Problem.Severity.WARNING;
        return new Problem(path, line, column, severity, message.getText().trim().replaceAll("\\s+", " "));
    }

    /**
     * Many Drools messages give no column but quote the offending name ("Unable to resolve ObjectType 'Foo'"): point
     * at its first occurrence on the reported line, or 0 when it is not there.
     */
    private static int columnOfQuotedName(String message, String text, int line) {
        Matcher quoted = QUOTED_NAME.matcher(message);
        if (text == null || !quoted.find()) {
            return 0;
        }
        String[] lines = text.split("\\R", -1);
        if (line > lines.length) {
            return 0;
        }
        int at = lines[line - 1].indexOf(quoted.group(1));
        return at < 0 ? 0 : at + 1;
    }

    /**
     * A content hash of the rule files and every effective setting: the same text always gives the same version. A
     * set with only the two original settings hashes as it did before settings were typed, so its version stays.
     */
    static String version(PolicySource source, Settings all) {
        PolicySettings settings = PolicySettings.from(all);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            source.ruleFiles().forEach((path, text) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            StringJoiner described = new StringJoiner(";", "settings:", "");
            for (PolicySettings.Setting<?> setting : PolicySettings.DESCRIBED) {
                described.add(setting.name() + "=" + setting.shownIn(settings));
            }
            for (Settings.Entry entry : all.entries()) {
                if (!PolicySettings.names().contains(entry.name())) {
                    described.add(entry.name() + ":" + entry.type().apiName() + "=" + entry.shown());
                }
            }
            digest.update(described.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
