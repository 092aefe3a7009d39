package org.threadgate.server.feature;

/**
 * One capability of the server (decisions, the ledger, the policies, the decision log, the candidate set, the webhook,
 * the console, operations): it adds its own routes, decision observers and background work to the server being
 * assembled, and stops what it started. A capability that is off is a feature the assembly leaves out (or its
 * {@code off()} variant, whose routes answer that it is not configured).
 */
public interface Feature extends AutoCloseable {
    /**
     * What the start-up log says of it.
     *
     * @return one line
     */
    String describe();

    /**
     * Adds what it brings to the server being assembled.
     *
     * @param server the parts every feature may use, and where routes and observers go
     * @throws java.io.IOException when something it needs cannot be opened
     */
    void install(Assembly server) throws java.io.IOException;

    /** Stops its background work; the server closes its features in reverse order. */
    @Override
    default void close() {
    }

    /** What a feature that only adds routes does when it is installed. */
    @FunctionalInterface
    interface Routes {
        /**
         * Adds the routes.
         *
         * @param server the server being assembled
         */
        void addTo(Assembly server);
    }

    /**
     * A feature that adds routes and nothing else (no observer, no background work).
     *
     * @param description what the start-up log says of it
     * @param routes      what it adds
     * @return the feature
     */
    static Feature routes(String description, Routes routes) {
        return new Feature() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public void install(Assembly server) {
                routes.addTo(server);
            }
        };
    }
}
