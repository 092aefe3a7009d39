package org.threadgate.server.security;

/**
 * Who may call: with {@code tokens}, every route but health and the OpenAPI document needs a bearer token of its
 * scope; without, everyone may (the server then listens on loopback only). {@code openMetrics} leaves /metrics open
 * even with tokens.
 */
public record Access(Tokens tokens, boolean openMetrics) {
    public static final Access NONE = new Access(null, true);

    /** True when requests must carry a token. */
    public boolean required() {
        return tokens != null;
    }
}
