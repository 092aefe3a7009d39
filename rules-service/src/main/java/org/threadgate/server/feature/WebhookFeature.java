package org.threadgate.server.feature;

import org.threadgate.server.http.WebhookEndpoints;
import org.threadgate.server.webhook.MessengerSecrets;

/** The Messenger page webhook feeding the ledger; {@link #off()}: its routes answer 404 WEBHOOK_NOT_CONFIGURED. */
public final class WebhookFeature implements Feature {
    private final MessengerSecrets secrets;

    private WebhookFeature(MessengerSecrets secrets) {
        this.secrets = secrets;
    }

    /**
     * The webhook with its secrets.
     *
     * @throws IllegalArgumentException when the secrets hold no app secret
     */
    public static WebhookFeature with(MessengerSecrets secrets) {
        if (!secrets.enabled()) {
            throw new IllegalArgumentException("the Messenger webhook needs an app secret");
        }
        return new WebhookFeature(secrets);
    }

    /** No webhook: its routes say so. */
    public static Feature off() {
        return Feature.routes("Messenger webhook: off",
                server -> WebhookEndpoints.addNotConfigured(server.http().table()));
    }

    @Override
    public String describe() {
        return "Messenger webhook: on at /v1/webhooks/messenger";
    }

    @Override
    public void install(Assembly server) {
        new WebhookEndpoints(secrets, server.ledger(), server.facts(), server.metrics(),
                server.limits().maxBatchBodyBytes()).addTo(server.http().table());
    }
}
