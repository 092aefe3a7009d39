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
}
