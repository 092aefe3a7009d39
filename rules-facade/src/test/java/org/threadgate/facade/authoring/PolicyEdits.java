package org.threadgate.facade.authoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Edits a test makes to a policy directory written from the bundled set: a good change (the minimum audience raised
 * to 200, with the boundary cases that pin it moved along) and a broken rule file.
 */
public final class PolicyEdits {
    public static final String SETTINGS_MINIMUM_200 = org.threadgate.engine.PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200");
    public static final String BROKEN_RULE = "package org.threadgate.policies.blocks\n"
            + "rule \"broken\" when Shop() then end\n";

    private PolicyEdits() {
    }

    /** The bundled audience cases with their 99/100 boundary moved to 199/200. */
    public static String casesForMinimum200(String bundledAudienceCases) {
        return bundledAudienceCases.replace("audienceSize: 99}", "audienceSize: 199}")
                .replace("audienceSize: 100}", "audienceSize: 200}");
    }

    /** Raises the minimum audience of the policy directory {@code rules} to 200, cases included. */
    public static void raiseMinimumTo200(Path rules) throws IOException {
        Files.writeString(rules.resolve("settings.yaml"), SETTINGS_MINIMUM_200);
        Path cases = rules.resolve("tests/audience.yaml");
        Files.writeString(cases, casesForMinimum200(Files.readString(cases)));
    }

    /**
     * The bundled set written to {@code rules}, and two contents of its settings and audience cases to switch
     * between: A as bundled (minimum 100), B with the minimum raised to 200 and its cases to match.
     */
    public record Alternatives(String settingsA, String casesA, String settingsB, String casesB) {
        /**
         * Writes the bundled set's A or B contents.
         *
         * @param rules the directory the set was written to
         * @param useB  B (else A)
         * @throws IOException when a file cannot be written
         */
        public void write(Path rules, boolean useB) throws IOException {
            Files.writeString(rules.resolve("settings.yaml"), useB ? settingsB : settingsA);
            Files.writeString(rules.resolve("tests/audience.yaml"), useB ? casesB : casesA);
        }
    }

    /**
     * Writes the bundled set to {@code rules} and answers its two alternatives.
     *
     * @param rules an empty directory
     * @return the alternatives
     * @throws IOException when a file cannot be written or read
     */
    public static Alternatives bundledWithAlternatives(Path rules) throws IOException {
        org.threadgate.engine.PolicySource.bundled().writeTo(rules);
        String casesA = Files.readString(rules.resolve("tests/audience.yaml"));
        return new Alternatives(Files.readString(rules.resolve("settings.yaml")), casesA, SETTINGS_MINIMUM_200,
                casesForMinimum200(casesA));
    }
}
