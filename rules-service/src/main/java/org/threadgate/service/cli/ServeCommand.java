package org.threadgate.service.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.Compilation;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.http.DecisionMetrics;
import org.threadgate.service.http.HttpApi;
import org.threadgate.service.http.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the HTTP API. It is live at once and ready once the rules have compiled. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the HTTP API (GET /openapi.json describes it).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static volatile boolean serving;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE};"
            + " 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default:"
            + " ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--rules", paramLabel = "DIR", description = "policy directory (*.drl and settings.yaml);"
            + " the bundled set when omitted")
    Path rules;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() throws Exception {
        DeliveryPolicyService service = new DeliveryPolicyService();
        DecisionMetrics metrics = new DecisionMetrics();
        HttpApi api = new HttpApi(service, metrics, Clock.systemUTC(), Limits.DEFAULTS).start(host, port);
        Compilation compilation = PolicyLoading.compile(rules);
        if (!compilation.succeeded()) {
            PolicyLoading.print(compilation, rules, spec.commandLine().getErr());
            spec.commandLine().getErr().println("the policy set does not compile; not serving");
            api.close();
            return 1;
        }
        PolicyLoading.print(compilation, rules, spec.commandLine().getErr());
        service.replace(compilation.policySet());
        metrics.policyVersion(compilation.policySet().version());
        LOG.info("Threadgate listening on http://{}:{} with policy version {} from {}", host, api.port(),
                compilation.policySet().version(), compilation.policySet().origin());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            service.close();
        }, "threadgate-shutdown"));
        serving = true;
        return 0;
    }
}
