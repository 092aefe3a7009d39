package org.threadgate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.engine.Problem;

/** Reads and compiles the policy set a command was pointed at (a directory, or the bundled set). */
final class PolicyLoading {
    private PolicyLoading() {
    }

    static PolicySource source(Path dir) throws IOException {
        return dir == null ? PolicySource.bundled() : PolicySource.directory(dir);
    }

    static Compilation compile(Path dir) throws IOException {
        return new PolicyCompiler().compile(source(dir));
    }

    /** The compiled set of {@code dir}, or null after printing its errors to {@code err}. */
    static PolicySet compiledOrReported(Path dir, PrintWriter err) throws IOException {
        Compilation compilation = compile(dir);
        if (!compilation.succeeded()) {
            print(compilation, dir, err);
            err.println(compilation.errors().size() + " error(s) in " + (dir == null ? "the bundled set" : dir)
                    + "; nothing was analysed");
            err.flush();
            return null;
        }
        return compilation.policySet();
    }

    /** Prints a report as pretty JSON, or as its text. */
    static void report(PrintWriter out, boolean json, Supplier<JsonNode> asJson, Consumer<PrintWriter> asText) {
        if (json) {
            out.println(asJson.get().toPrettyString());
            out.flush();
        } else {
            asText.accept(out);
        }
    }

    /** Prints each problem as {@code file:line:column: message}, with the directory in front when there is one. */
    static void print(Compilation compilation, Path dir, PrintWriter out) {
        for (Problem problem : compilation.problems()) {
            out.println(dir == null ? problem.toString() : dir.resolve(problem.file()).normalize() + ":"
                    + problem.line() + ":" + problem.column() + ": "
                    + (problem.isError() ? "" : "warning: ") + problem.message());
        }
        out.flush();
    }
}
