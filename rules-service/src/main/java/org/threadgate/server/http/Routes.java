package org.threadgate.server.http;

import java.util.ArrayList;
import java.util.List;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import org.threadgate.server.security.Scope;

/** The route table: each endpoint class adds its routes with the scope they need ({@code null}: open). */
public final class Routes {
    private final Javalin app;
    private final List<HttpApi.Route> list = new ArrayList<>();

    Routes(Javalin app) {
        this.app = app;
    }

    /**
     * Adds a route.
     *
     * @param method  the HTTP method
     * @param path    the path, with {name} parameters
     * @param scope   the scope a token needs, or null for an open route
     * @param handler what answers it
     * @return this table
     */
    public Routes add(HandlerType method, String path, Scope scope, Handler handler) {
        list.add(new HttpApi.Route(method, path, scope));
        app.addHttpHandler(method, path, handler, scope == null ? new RouteRole[0] : new RouteRole[] {scope});
        return this;
    }

    List<HttpApi.Route> list() {
        return List.copyOf(list);
    }
}
