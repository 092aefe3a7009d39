package org.threadgate.facade.authoring;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The last attempt to load a policy set.
 *
 * @param attempt          its number since the service started (1 is the load at start-up)
 * @param outcome          LOADED (the candidate went live), UNCHANGED (same version as live) or REJECTED (it did not
 *                         compile, failed the lint or one of its test cases; the live version keeps serving)
 * @param liveVersion      the version serving after the attempt ({@code null} if none yet)
 * @param candidateVersion the version of what was tried ({@code null} when it did not compile)
 * @param problems         for REJECTED: each problem as {@code file:line:column: message}, or the failing case
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReloadStatus(long attempt, Instant at, String trigger, String outcome, String liveVersion,
                           String candidateVersion, String source, List<String> problems) {
    /** A new version went live. */
    public static final String LOADED = "LOADED";
    /** The set is the live version already: nothing changed. */
    public static final String UNCHANGED = "UNCHANGED";
    /** The set did not go live; {@code problems} says why. */
    public static final String REJECTED = "REJECTED";

    /**
     * Whether this attempt was rejected.
     *
     * @return true for {@link #REJECTED}
     */
    public boolean rejected() {
        return REJECTED.equals(outcome);
    }
}
