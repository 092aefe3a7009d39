package org.threadgate.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.model.MessagingEvent;
import org.threadgate.server.metrics.DecisionMetrics;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;
import org.threadgate.server.webhook.MessengerPayload;
import org.threadgate.server.webhook.MessengerSecrets;

/**
 * The Messenger page webhook, the platform's own event format feeding the ledger: the subscription handshake
 * ({@code GET}) and signed deliveries ({@code POST}). Its authentication is the payload's HMAC-SHA256 signature with
 * the app secret, not a bearer token, so the routes are open to the token check; without an app secret they answer
 * 404. A delivery is answered 200 only once its events are stored (one transaction), since the platform retries
 * anything else.
 */
public record WebhookEndpoints(MessengerSecrets secrets, Ledger ledger, LedgerFacts facts, DecisionMetrics metrics,
                        int maxBodyBytes) {
    static final String PATH = "/v1/webhooks/messenger";
    static final String SIGNATURE = "X-Hub-Signature-256";

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, PATH, null, this::handshake)
                .add(HandlerType.POST, PATH, null, this::delivery);
    }

    /** The same routes on a server without the webhook: each answers 404 WEBHOOK_NOT_CONFIGURED. */
    public static void addNotConfigured(Routes routes) {
        io.javalin.http.Handler off = ctx -> {
            throw new ProblemException(ApiProblem.of(404, "Not Found", "WEBHOOK_NOT_CONFIGURED", "the Messenger"
                    + " webhook is off: start the service with THREADGATE_MESSENGER_APP_SECRET (or --messenger-secrets"
                    + " FILE)"));
        };
        routes.add(HandlerType.GET, PATH, null, off).add(HandlerType.POST, PATH, null, off);
    }

    /** {@code hub.mode=subscribe} with the configured verify token: answer the challenge as plain text. */
    private void handshake(Context ctx) {
        String mode = ctx.queryParam("hub.mode");
        String token = ctx.queryParam("hub.verify_token");
        String challenge = ctx.queryParam("hub.challenge");
        boolean tokenMatches = secrets.verifyToken() != null && token != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                secrets.verifyToken().getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenMatches || challenge == null) {
            metrics.webhookVerificationFailed();
            throw new ProblemException(ApiProblem.of(403, "Forbidden", "WEBHOOK_VERIFICATION_FAILED",
                    "the subscription handshake needs hub.mode=subscribe, the configured hub.verify_token and a"
                            + " hub.challenge"));
        }
        ctx.contentType("text/plain; charset=utf-8").result(challenge);
    }

    private void delivery(Context ctx) throws IOException {
        byte[] body = Bodies.read(ctx, Bodies.JSON, maxBodyBytes);
        checkSignature(ctx.header(SIGNATURE), body);
        MessengerPayload.Read read = MessengerPayload.read(Json.parseObject(body));
        Ledger.Ingested stored = read.events().isEmpty() ? new Ledger.Ingested(0, 0) : ledger.ingest(read.events());
        facts.forgetBusinesses(read.events().stream().map(MessagingEvent::businessId)
                .collect(java.util.stream.Collectors.toSet()));
        metrics.webhookDelivered(read.events(), read.ignored());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", read.items());
        answer.put("events", read.events().size());
        answer.put("stored", stored.stored());
        answer.put("duplicates", stored.duplicates());
        answer.put("ignored", read.ignored());
        ctx.json(answer);
    }

    /** {@code sha256=<hex HMAC-SHA256 of the raw body>}, compared in constant time; nothing is read before. */
    private void checkSignature(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            metrics.webhookSignatureFailed("missing");
            throw new ProblemException(ApiProblem.of(401, "Unauthorized", "WEBHOOK_SIGNATURE_MISSING",
                    "a delivery must carry " + SIGNATURE + ": sha256=<hex HMAC-SHA256 of the body with the app"
                            + " secret>"));
        }
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmac(body))).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            metrics.webhookSignatureFailed("invalid");
            throw new ProblemException(ApiProblem.of(403, "Forbidden", "WEBHOOK_SIGNATURE_INVALID",
                    SIGNATURE + " does not match the body signed with the app secret; nothing was stored"));
        }
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.appSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
