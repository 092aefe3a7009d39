package org.threadgate.engine;

/**
 * A compiled rule and the metadata the engine reads back from it.
 *
 * @param packageName the DRL package
 * @param name        the rule's name, unique within its package
 * @param code        the stable reason code it records (a public contract)
 * @param title       one line saying what the rule enforces, boundary included
 * @param message     the message template; {@code {name}} is replaced by the violation's detail of that name
 * @param file        the rule file it is written in, relative to the policy set's root
 * @param line        the line of its {@code rule} keyword in that file
 */
public record RuleInfo(String packageName, String name, String code, String title, String message, String file,
                       int line) {
}
