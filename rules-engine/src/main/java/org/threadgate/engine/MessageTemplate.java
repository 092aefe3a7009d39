package org.threadgate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A rule's {@code @message}, split once into text and {@code {name}} placeholders so rendering is a plain append. */
final class MessageTemplate {
    private final String[] texts;
    private final String[] names;

    private MessageTemplate(String[] texts, String[] names) {
        this.texts = texts;
        this.names = names;
    }

    static MessageTemplate parse(String template) {
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i + 1 && template.substring(i + 1, close).chars().allMatch(Character::isLetterOrDigit)) {
                texts.add(text.toString());
                text.setLength(0);
                names.add(template.substring(i + 1, close));
                i = close + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        texts.add(text.toString());
        return new MessageTemplate(texts.toArray(String[]::new), names.toArray(String[]::new));
    }

    /** The message with each placeholder replaced by its detail; an unknown placeholder stays as written. */
    String render(Map<String, String> details) {
        if (names.length == 0) {
            return texts[0];
        }
        StringBuilder out = new StringBuilder(64);
        for (int i = 0; i < names.length; i++) {
            out.append(texts[i]);
            String value = details.get(names[i]);
            out.append(value != null ? value : "{" + names[i] + "}");
        }
        return out.append(texts[names.length]).toString();
    }
}
