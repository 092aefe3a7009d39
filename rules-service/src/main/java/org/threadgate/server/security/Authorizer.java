package org.threadgate.server.security;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;

/**
 * Authorization as a before-handler: runs only for a matched route, reads the scope the route was registered with
 * and answers 401 without a known bearer token, 403 when the token lacks the scope. A route without a scope is open.
 * The token is never logged or echoed.
 */
public final class Authorizer implements Handler {
    /** The request attribute holding the caller's label (see {@link #caller(Context)}). */
    private static final String CALLER = "threadgate.caller";
    private final Tokens tokens;

    public Authorizer(Tokens tokens) {
        this.tokens = tokens;
    }

    /** Who asked: the label of the request's token; {@code null} without authentication or on an open route. */
    public static String caller(Context ctx) {
        return ctx.attribute(CALLER);
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
        Tokens.Grant grant = token == null || token.isEmpty() ? null : tokens.grantOf(token);
        if (grant == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"threadgate\"");
            throw new ProblemException(ApiProblem.of(401, "Unauthorized", "UNAUTHENTICATED",
                    token == null ? "this endpoint needs 'Authorization: Bearer <token>' with scope " + scope.label()
                            : "the bearer token is not known"));
        }
        ctx.attribute(CALLER, grant.label());
        if (!grant.scopes().contains(scope) && !(scope == Scope.PRIVACY && grant.scopes().contains(Scope.ADMIN))) {
            throw new ProblemException(ApiProblem.of(403, "Forbidden", "FORBIDDEN", "the token lacks scope "
                    + scope.label() + (scope == Scope.PRIVACY ? " (or admin)" : "") + ", which " + ctx.method() + " " + ctx.endpointHandlerPath() + " needs"));
        }
    }
}
