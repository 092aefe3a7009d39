package org.threadgate.service.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.Limits;
import org.threadgate.service.authoring.PolicyReloader;
import org.threadgate.service.json.Json;
import org.threadgate.service.ledger.Ledger;
import org.threadgate.service.ledger.LedgerFacts;
import org.threadgate.service.decisionlog.DecisionStore;
import org.threadgate.service.decisionlog.PolicyVersions;
import org.threadgate.service.impact.Shadow;
import org.threadgate.service.metrics.DecisionMetrics;
import org.threadgate.service.security.Access;
import org.threadgate.service.webhook.MessengerSecrets;
import org.threadgate.service.security.Authorizer;
import org.threadgate.service.security.Scope;

/**
 * The HTTP/JSON API, assembled: one endpoint class per concern adds its routes, {@link Authorizer} guards them, and
 * {@link ProblemWriter} answers every error. It maps JSON to the model and back and nothing else: every decision is
 * the facade's.
 */
public final class HttpApi implements AutoCloseable {
    /** A route of the API and the scope it needs ({@code null}: open); the OpenAPI document is tested against it. */
    public record Route(HandlerType method, String path, Scope scope) {
    }

    private final Javalin app;
    private final List<Route> routes;

    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits) {
        this(service, reloader, ledger, metrics, clock, limits, Access.NONE);
    }

    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits, Access access) {
        this(service, reloader, ledger, metrics, clock, limits, access, Duration.ZERO, null, null, null,
                MessengerSecrets.NONE);
    }

    /**
     * {@code factsStaleness}: how long a campaign's facts read for decisions by reference may be reused;
     * {@code decisions}: the decision log when it is kept in the database (else null); {@code versions}: the policy
     * versions that went live (null: the decision-log routes answer 404); {@code shadow}: the candidate set of
     * {@code --candidate-rules} (null: its routes answer 404).
     */
    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits, Access access, Duration factsStaleness, DecisionStore decisions,
                   PolicyVersions versions, Shadow shadow) {
        this(service, reloader, ledger, metrics, clock, limits, access, factsStaleness, decisions, versions, shadow,
                MessengerSecrets.NONE);
    }

    /** As above; {@code messenger}: the Messenger webhook's secrets ({@link MessengerSecrets#NONE}: its routes 404). */
    public HttpApi(DeliveryPolicyService service, PolicyReloader reloader, Ledger ledger, DecisionMetrics metrics,
                   Clock clock, Limits limits, Access access, Duration factsStaleness, DecisionStore decisions,
                   PolicyVersions versions, Shadow shadow, MessengerSecrets messenger) {
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = limits.maxBatchBodyBytes();
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProblemErrorHandler()));
        });
        if (access.required()) {
            app.beforeMatched(new Authorizer(access.tokens()));
        }
        LedgerFacts facts = new LedgerFacts(ledger, factsStaleness);
        Routes table = new Routes(app);
        new DecisionEndpoints(service, facts, clock, limits).addTo(table);
        new LedgerEndpoints(ledger, facts, service, clock, limits).addTo(table);
        new PolicyEndpoints(service, reloader).addTo(table);
        new DecisionLogEndpoints(versions == null ? null : decisions, versions, service, shadow, clock,
                limits.maxBodyBytes()).addTo(table);
        new CandidateEndpoints(shadow, service).addTo(table);
        new WebhookEndpoints(messenger, ledger, facts, metrics, limits.maxBatchBodyBytes()).addTo(table);
        ConsoleEndpoints.load().addTo(table);
        new OperationsEndpoints(service, metrics, access, OpenApiDocument.forServer(access, limits)).addTo(table);
        this.routes = table.list();
        ProblemWriter.install(app);
    }

    public List<Route> routes() {
        return routes;
    }

    public HttpApi start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** The port it listens on (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
