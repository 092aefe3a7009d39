package org.threadgate.server.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.javalin.http.Context;
import org.threadgate.facade.decision.AudienceRun;
import org.threadgate.facade.json.DecisionJson;
import org.threadgate.facade.json.Json;
import org.threadgate.server.problem.ApiProblem;

/**
 * The NDJSON answer of a streamed batch or an audience stream: one decision per line in input order, chunk by chunk,
 * then a summary line (or a problem line that ends the stream early).
 */
final class NdjsonDecisionWriter {
    private final AudienceRun run;
    private final OutputStream out;
    private final DecisionJson.Tally tally = new DecisionJson.Tally();

    /** Starts the answer (status 200, NDJSON), to be written to {@code target}: the client, or a spool before it. */
    NdjsonDecisionWriter(Context ctx, AudienceRun run, OutputStream target) {
        this.run = run;
        ctx.status(200);
        ctx.res().setContentType(Bodies.NDJSON);
        this.out = new BufferedOutputStream(target, 64 * 1024);
    }

    /**
     * A feed of the run whose decisions are written here as they come, one line each, in input order; a line that
     * cannot be written (the client went away) surfaces as an {@link UncheckedIOException} from the feed.
     */
    AudienceRun.Feed feed() {
        return run.feed(d -> {
            tally.add(d.decision());
            line(DecisionJson.item(d.decisionId(), d.decision()));
        });
    }

    /** Sends what has been written so far. */
    void flush() throws IOException {
        out.flush();
    }

    /** Ends the stream with a problem line. */
    void problem(ApiProblem problem) throws IOException {
        write(Map.of("problem", problem));
    }

    /** Ends the stream with the summary line. */
    void finish() throws IOException {
        write(new DecisionJson.SummaryLine(run.policyVersion(), tally.summary()));
    }

    private void write(Object last) throws IOException {
        try {
            line(last);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    private void line(Object value) {
        try {
            out.write(Json.MAPPER.writeValueAsBytes(value));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
