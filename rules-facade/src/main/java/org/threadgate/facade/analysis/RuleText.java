package org.threadgate.facade.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.threadgate.engine.PolicySet;

/**
 * What a set's rule text says about which campaign fields person-level rules can read. A rule is person-level when its
 * text names a person-level fact type; everything in a file outside its rules (functions, declarations) counts as
 * person-level too, since any rule may call it. Rule files can call only the model's classes and the JDK, and the
 * model reads no campaign field on a rule's behalf, so a field whose name appears in no person-level text cannot
 * change a delivery decision except through the campaign's own decision.
 */
final class RuleText {
    /** The campaign fields a campaign value of the space varies. */
    static final List<String> CAMPAIGN_FIELDS = List.of("sponsoredMessagesEnabled", "objective", "audienceSize");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*(package|import)\\b[^\\n]*$");
    private static final Pattern RULE = Pattern.compile("(?s)\\brule\\s+(\"[^\"]*\"|\\S+).*?\\bend\\b");
    private static final Pattern PERSON_LEVEL = Pattern.compile(
            "\\b(DeliveryRequest|Recipient|Person|Conversation|Block|SponsoredDelivery|PersonDelivery|RetryWindow"
                    + "|Violation)\\b");

    private RuleText() {
    }

    /**
     * The campaign fields named in any person-level text of the sets.
     *
     * @param sets the policy sets
     * @return a sublist of {@link #CAMPAIGN_FIELDS}
     */
    static List<String> personLevelFields(List<PolicySet> sets) {
        StringBuilder personLevel = new StringBuilder();
        for (PolicySet set : sets) {
            for (String file : set.source().ruleFiles().values()) {
                String text = HEADER.matcher(COMMENT.matcher(file).replaceAll(" ")).replaceAll(" ");
                Matcher rule = RULE.matcher(text);
                int last = 0;
                while (rule.find()) {
                    personLevel.append(text, last, rule.start()).append('\n');
                    String body = rule.group();
                    if (PERSON_LEVEL.matcher(withoutConsequenceInserts(body)).find()) {
                        personLevel.append(body).append('\n');
                    }
                    last = rule.end();
                }
                personLevel.append(text.substring(last));
            }
        }
        List<String> fields = new ArrayList<>();
        for (String field : CAMPAIGN_FIELDS) {
            if (Pattern.compile("\\b" + field + "\\b").matcher(personLevel).find()) {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * A rule's text without the {@code Violation} it inserts: a campaign rule's
     * {@code insert(Violation.campaignWide(…))} does not make it person-level (the campaign's decision, which must be
     * equal, already covers what it records).
     */
    private static String withoutConsequenceInserts(String rule) {
        int then = rule.lastIndexOf("then");
        if (then < 0) {
            return rule;
        }
        return rule.substring(0, then) + rule.substring(then).replace("Violation.campaignWide", "");
    }
}
