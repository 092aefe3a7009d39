package org.threadgate.server.cli;

import java.util.concurrent.Callable;

import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Starts the HTTP API. It is live at once, ready once the rules have compiled, and reloads them when they change. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the HTTP API (GET /openapi.json describes it). With --rules, the directory is watched and"
                + " a change goes live only if it compiles, passes the lint and its own test cases.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    /** Every option binds to a field of the configuration tree, whose initial values are the defaults. */
    @CommandLine.Mixin
    ServerConfig config = ServerConfig.defaults();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() throws Exception {
        ThreadgateServer server;
        try {
            server = ThreadgateServer.start(config);
        } catch (ThreadgateServer.PolicyRejectedException e) {
            e.status().problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println("the policy set was rejected; not serving");
            return 1;
        } catch (ThreadgateServer.InsecureBindingException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            // a setting out of range, an unreadable --tokens or --messenger-secrets file: named, exit 2
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "threadgate-shutdown"));
        serving = true;
        return 0;
    }
}
