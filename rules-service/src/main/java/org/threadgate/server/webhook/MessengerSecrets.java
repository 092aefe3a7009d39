package org.threadgate.server.webhook;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The Messenger app's secret (it signs every webhook delivery) and the verify token of the subscription handshake.
 * They come from the environment ({@code THREADGATE_MESSENGER_APP_SECRET}, {@code THREADGATE_MESSENGER_VERIFY_TOKEN})
 * or from a file ({@code app_secret=…}, {@code verify_token=…}, Java properties), never from the command line, and
 * {@link #toString()} never shows them.
 *
 * @param appSecret   the app secret; {@code null}: the webhook is off (its routes answer 404)
 * @param verifyToken the verify token; {@code null}: every handshake is refused
 */
public record MessengerSecrets(String appSecret, String verifyToken) {
    /** No secrets: the webhook is off. */
    public static final MessengerSecrets NONE = new MessengerSecrets(null, null);

    public static final String APP_SECRET_ENV = "THREADGATE_MESSENGER_APP_SECRET";
    public static final String VERIFY_TOKEN_ENV = "THREADGATE_MESSENGER_VERIFY_TOKEN";

    /** Whether the webhook is on. */
    public boolean enabled() {
        return appSecret != null && !appSecret.isEmpty();
    }

    /**
     * The secrets: each from the environment when set there, else from {@code file} (when given).
     *
     * @throws IOException when the file cannot be read
     */
    public static MessengerSecrets load(Map<String, String> env, Path file) throws IOException {
        Properties fromFile = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(in);
            }
        }
        return new MessengerSecrets(blankToNull(env.getOrDefault(APP_SECRET_ENV, fromFile.getProperty("app_secret"))),
                blankToNull(env.getOrDefault(VERIFY_TOKEN_ENV, fromFile.getProperty("verify_token"))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "MessengerSecrets[appSecret " + (enabled() ? "set" : "not set") + ", verifyToken "
                + (verifyToken != null ? "set" : "not set") + "]";
    }
}
