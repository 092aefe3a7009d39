package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PolicyLinterTest {
    private static String rule(String pkg, String condition, String consequence) {
        return "package " + pkg + "\n"
                + "import org.threadgate.model.Business\n"
                + "import org.threadgate.model.Violation\n"
                + "rule \"r\" @code(\"R\") @title(\"t\") @message(\"m\")\n"
                + "when\n"
                + "    " + condition + "\n"
                + "then\n"
                + "    " + consequence + "\n"
                + "end\n";
    }

    private static List<String> lint(String file, String text) {
        return PolicyLinter.lint(Map.of(file, text)).stream().map(Problem::toString).toList();
    }

    @Test
    void theBundledSet_isClean() {
        assertThat(PolicyLinter.lint(PolicySource.bundled().ruleFiles())).isEmpty();
    }

    @Test
    void everyWayOfReadingTheClock_isFoundAtItsLineAndColumn() {
        for (String clockRead : List.of("new Date()", "new java.util.Date()", "System.currentTimeMillis()",
                "System.nanoTime()", "Instant.now()", "java.time.Instant.now()", "LocalDateTime.now()",
                "LocalDate.now()", "ZonedDateTime.now()", "OffsetDateTime.now()", "Clock.systemUTC()",
                "Calendar.getInstance()", "new GregorianCalendar()")) {
            String text = rule("p", "Business()", "Object t = " + clockRead + ";");
            List<String> found = lint("p.drl", text);
            assertThat(found).as(clockRead).hasSize(1);
            assertThat(found.get(0)).as(clockRead).startsWith("p.drl:8:")
                    .contains("reads the clock");
        }
        assertThat(lint("p.drl", rule("p", "Business(eval(System.currentTimeMillis() > 0))", "")))
                .containsExactly("p.drl:6:19: 'System.currentTimeMillis' reads the clock; rules must be deterministic:"
                        + " use the EvaluationTime fact");
    }

    @Test
    void printing_isFound() {
        assertThat(lint("p.drl", rule("p", "Business()", "System.out.println(\"x\");")))
                .singleElement().asString().startsWith("p.drl:8:5: 'System.out' prints");
        assertThat(lint("p.drl", rule("p", "Business()", "System.err.print(1);"))).hasSize(1);
        assertThat(lint("p.drl", rule("p", "Business()", "new RuntimeException().printStackTrace();")))
                .hasSize(1);
    }

    @Test
    void wordsInCommentsAndStrings_areNotFindings() {
        String text = rule("p", "Business(id != \"Instant.now()\")",
                "// System.out.println is not called here; new Date() neither\n    /* Instant.now() */");
        assertThat(lint("p.drl", text)).isEmpty();
    }

    @Test
    void packageMustMatchItsFolder() {
        assertThat(lint("blocks/blocks.drl", rule("org.threadgate.policies.blocks", "Business()", ""))).isEmpty();
        assertThat(lint("a/b/x.drl", rule("com.acme.a.b", "Business()", ""))).isEmpty();
        assertThat(lint("top.drl", rule("anything.at.all", "Business()", ""))).isEmpty();
        assertThat(lint("blocks/blocks.drl", rule("org.threadgate.policies.access", "Business()", "")))
                .containsExactly("blocks/blocks.drl:1:9: package org.threadgate.policies.access does not match its"
                        + " folder 'blocks'; it should end with .blocks");
    }

    @Test
    void lintFindings_makeTheCompilationFail_alongWithCompileErrors() {
        String text = rule("p", "Shop()", "System.out.println(1);");
        Compilation result = new PolicyCompiler().compile(PolicySource.of("t", Map.of("p/p.drl", text), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).extracting(Problem::toString).anyMatch(s -> s.startsWith("p/p.drl:8:5: 'System.out'"))
                .anyMatch(s -> s.startsWith("p/p.drl:6:5: Unable to resolve ObjectType 'Shop'"));
    }
}
