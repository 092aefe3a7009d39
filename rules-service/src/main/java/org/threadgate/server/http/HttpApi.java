package org.threadgate.server.http;

import java.util.List;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import org.threadgate.facade.json.Json;
import org.threadgate.server.Limits;
import org.threadgate.server.security.Access;
import org.threadgate.server.security.Authorizer;
import org.threadgate.server.security.Scope;

/**
 * The HTTP host the features add their routes to: Javalin with the service's JSON mapper and body limit,
 * {@link Authorizer} guarding every route when tokens are required, and {@link ProblemWriter} answering every error.
 * It maps JSON to the model and back and nothing else: every decision is the facade's.
 */
public final class HttpApi implements AutoCloseable {
    /** A route of the API and the scope it needs ({@code null}: open); the OpenAPI document is tested against it. */
    public record Route(HandlerType method, String path, Scope scope) {
    }

    private final Javalin app;
    private final Routes routes;
    private final Access access;
    private final Limits limits;

    /**
     * A host that has no route yet.
     *
     * @param limits the input limits (the largest body Jetty accepts is the batch limit)
     * @param access the tokens and scopes that guard the routes ({@link Access#NONE}: open)
     */
    public HttpApi(Limits limits, Access access) {
        this.access = access;
        this.limits = limits;
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
        this.routes = new Routes(app);
        ProblemWriter.install(app);
    }

    /** Where features add their routes. */
    public Routes table() {
        return routes;
    }

    /** The access rules the routes are guarded by. */
    public Access access() {
        return access;
    }

    /** The input limits. */
    public Limits limits() {
        return limits;
    }

    /** The OpenAPI document this host serves, as its limits and access make it. */
    public String document() {
        return OpenApiDocument.forServer(access, limits);
    }

    /** Every route added so far. */
    public List<Route> routes() {
        return routes.list();
    }

    /** Opens the port. */
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
