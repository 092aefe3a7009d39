package org.threadgate.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rule records when a policy is violated. The engine attributes it to the rule that inserted it and turns it
 * into a decision's reason using that rule's metadata (code, title, message template).
 *
 * @param personId the recipient it concerns, or {@code null} when it concerns the business or campaign and so every
 *                 recipient of the evaluation
 * @param retryAt  the instant the violation lifts on the same facts, or {@code null} when it is not time-bound
 * @param details  values the rule's message template refers to as {@code {name}}
 */
public record Violation(String personId, Instant retryAt, Map<String, String> details) {
    /**
     * Copies the details.
     *
     * @param personId the person's id
     * @param retryAt  when it lifts on the same facts, or {@code null}
     * @param details  values for the message template
     */
    public Violation {
        details = Map.copyOf(details);
    }

    /**
     * A violation of a campaign-level policy: it applies to every recipient.
     *
     * @param details name/value pairs for the message template
     * @return the violation
     */
    public static Violation campaignWide(Object... details) {
        return new Violation(null, null, pairs(details));
    }

    /**
     * A violation concerning one recipient, not time-bound.
     *
     * @param personId the recipient
     * @param details  name/value pairs for the message template
     * @return the violation
     */
    public static Violation forPerson(String personId, Object... details) {
        return new Violation(Checks.id(personId, "personId"), null, pairs(details));
    }

    /**
     * A violation concerning one recipient that lifts at {@code retryAt}.
     *
     * @param personId the recipient
     * @param retryAt  when it lifts on the same facts
     * @param details  name/value pairs for the message template
     * @return the violation
     */
    public static Violation forPersonUntil(String personId, Instant retryAt, Object... details) {
        return new Violation(Checks.id(personId, "personId"), Checks.required(retryAt, "retryAt"), pairs(details));
    }

    private static Map<String, String> pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("details must be name/value pairs, got " + keyValues.length + " items");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            map.put(String.valueOf(keyValues[i]),
                    value instanceof Instant instant ? InstantText.of(instant) : String.valueOf(value));
        }
        return map;
    }
}
