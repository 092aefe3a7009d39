package org.threadgate.service.security;

import java.util.Set;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import org.threadgate.service.problem.ApiProblem;
import org.threadgate.service.problem.ProblemException;

/**
 * Authorization as a before-handler: runs only for a matched route, reads the scope the route was registered with
 * and answers 401 without a known bearer token, 403 when the token lacks the scope. A route without a scope is open.
 * The token is never logged or echoed.
 */
public final class Authorizer implements Handler {
    private final Tokens tokens;

    public Authorizer(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(Context ctx) {
        Scope scope = null;
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Scope s) {
                scope = s;
            }
        }
        if (scope == null) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : null;
        Set<Scope> granted = token == null || token.isEmpty() ? null : tokens.scopesOf(token);
        if (granted == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"threadgate\"");
            throw new ProblemException(ApiProblem.of(401, "Unauthorized", "UNAUTHENTICATED",
                    token == null ? "this endpoint needs 'Authorization: Bearer <token>' with scope " + scope.label()
                            : "the bearer token is not known"));
        }
        if (!granted.contains(scope)) {
            throw new ProblemException(ApiProblem.of(403, "Forbidden", "FORBIDDEN", "the token lacks scope "
                    + scope.label() + ", which " + ctx.method() + " " + ctx.endpointHandlerPath() + " needs"));
        }
    }
}
