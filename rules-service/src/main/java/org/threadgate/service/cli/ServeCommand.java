package org.threadgate.service.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.threadgate.service.ThreadgateServer;
import org.threadgate.service.http.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the HTTP API. It is live at once, ready once the rules have compiled, and reloads them when they change. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the HTTP API (GET /openapi.json describes it). With --rules, the directory is watched and"
                + " a change goes live only if it compiles, passes the lint and its own test cases.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE};"
            + " 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default:"
            + " ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--rules", paramLabel = "DIR", description = "policy directory (*.drl, settings.yaml, tests/);"
            + " the bundled set when omitted")
    Path rules;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "where the embedded H2"
            + " ledger keeps its file (default: ./${DEFAULT-VALUE}); ignored with --jdbc-url")
    Path data;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "keep the ledger in this database instead, e.g."
            + " jdbc:postgresql://127.0.0.1:5432/threadgate; user and password come from the environment variables"
            + " THREADGATE_DB_USER and THREADGATE_DB_PASSWORD")
    String jdbcUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() throws Exception {
        ThreadgateServer server;
        try {
            server = ThreadgateServer.start(new ThreadgateServer.Options(host, port, rules, data, jdbcUrl,
                    System.getenv("THREADGATE_DB_USER"), System.getenv("THREADGATE_DB_PASSWORD"), Limits.DEFAULTS,
                    Clock.systemUTC()));
        } catch (ThreadgateServer.PolicyRejectedException e) {
            e.status().problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println("the policy set was rejected; not serving");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "threadgate-shutdown"));
        serving = true;
        return 0;
    }
}
