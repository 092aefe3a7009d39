package org.threadgate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
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

    /** A compilation with the directory it was read from ({@code null}: the bundled set). */
    record Loaded(Path dir, Compilation compilation) {
    }

    static Loaded compileQuietly(Path dir) throws IOException {
        return new Loaded(dir, compile(dir));
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
