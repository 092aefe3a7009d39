package org.threadgate.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.facade.decision.DecisionIds;
import org.threadgate.facade.json.Json;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.Problems;

/**
 * Writes every error answer of the API: each exception becomes a problem document through {@link Problems} (one
 * mapping for HTTP and the command line), unknown paths and wrong methods too. A defect is answered 500 with no
 * detail; every 5xx is logged under an id that its answer carries as {@code instance}; a 503 carries Retry-After.
 */
final class ProblemWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemWriter.class);

    private ProblemWriter() {
    }

    static void install(Javalin app) {
        app.exception(Exception.class, ProblemWriter::failed);
        app.error(404, ctx -> {
            if (ctx.attribute("problem") == null) {
                send(ctx, ApiProblem.of(404, "Not Found", "NOT_FOUND", "no such path: " + ctx.path()
                        + "; GET /openapi.json lists every route"));
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute("problem") == null) {
                send(ctx, ApiProblem.of(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", ctx.method()
                        + " is not allowed on " + ctx.path()));
            }
        });
    }

    private static void failed(Exception thrown, Context ctx) {
        Throwable e = thrown instanceof UncheckedIOException unchecked ? unchecked.getCause() : thrown;
        if (ctx.res().isCommitted()) {
            // a streamed answer was under way: no problem document can follow its status line any more
            if (e instanceof IOException) {
                LOG.info("{} {}: the client went away in the middle of the answer ({})", ctx.method(), ctx.path(),
                        e.getMessage());
            } else {
                LOG.error("failure after the answer had started on {} {}", ctx.method(), ctx.path(), e);
            }
            return;
        }
        ApiProblem problem = Problems.of(e);
        if (problem == null && e instanceof IOException) {
            problem = ApiProblem.of(400, "Bad Request", "UNREADABLE_BODY", "the request body could not be read: "
                    + e.getMessage());
        }
        if (problem == null) {
            problem = ApiProblem.of(500, "Internal Server Error", "INTERNAL_ERROR",
                    "an unexpected error occurred; it has been logged under the id in instance");
        }
        if (problem.status() >= 500) {
            // one id in the answer and in the log, so that an operator finds this failure from what a caller saw
            String id = DecisionIds.RANDOM.get();
            problem = problem.occurrence(id);
            if (problem.status() == 500) {
                LOG.error("{} {} failed [{}]", ctx.method(), ctx.path(), id, e);
            } else {
                LOG.warn("{} {} answered {} {} [{}]: {}", ctx.method(), ctx.path(), problem.status(), problem.code(),
                        id, e.getMessage(), e.getCause());
            }
        }
        send(ctx, problem);
    }

    static void send(Context ctx, ApiProblem problem) {
        ctx.attribute("problem", problem);
        if (problem.status() == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(problem.status()).contentType(ApiProblem.MEDIA_TYPE).result(Json.write(problem));
    }
}
