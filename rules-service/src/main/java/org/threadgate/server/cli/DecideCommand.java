package org.threadgate.server.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.engine.Compilation;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.DecisionJson;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.Problems;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Decides one request given as JSON, the same body the HTTP endpoints take. */
@Command(name = "decide", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Evaluate one JSON request (the body of POST /v1/decisions/delivery, or of"
                + " /v1/decisions/campaign when it has no person) and print the JSON decision."
                + " Exits 2 when the request is invalid. The decision is recorded in the decision log like the service's"
                + " (--decision-log off does not).")
final class DecideCommand implements Callable<Integer> {
    enum Kind { auto, delivery, campaign }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
            description = "the request file, or - for standard input (default)")
    String file;

    @Option(names = "--rules", paramLabel = "DIR", description = "decide with this policy directory instead of"
            + " the bundled set")
    Path rules;

    @Option(names = "--kind", defaultValue = "auto", description = "delivery, campaign, or auto (default: delivery"
            + " when the request has a person)")
    Kind kind;

    @CommandLine.Mixin
    LogStore logStore;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] body;
        if ("-".equals(file)) {
            InputStream in = System.in;
            body = in.readAllBytes();
        } else {
            body = Files.readAllBytes(Path.of(file));
        }
        Compilation compilation = PolicyLoading.compile(rules);
        if (!compilation.succeeded()) {
            PolicyLoading.print(compilation, rules, spec.commandLine().getErr());
            return 1;
        }
        Origin origin = Origin.of(Origin.Via.CLI, Origin.Form.FACTS);
        try (LogStore.Opened log = logStore.openLog(compilation.policySet());
             DeliveryPolicyService service = new DeliveryPolicyService(compilation.policySet())) {
            log.observe(service);
            JsonNode root = Json.parseObject(body);
            boolean delivery = kind == Kind.delivery || (kind == Kind.auto && root.has("person"));
            Object answer;
            if (delivery) {
                Decided.Delivery d = service.decide(RequestCodec.delivery(root, Clock.systemUTC().instant()), origin);
                answer = DecisionJson.delivery(d.decisionId(), d.decision());
            } else {
                Decided.Campaign c = service.decide(RequestCodec.campaign(root, Clock.systemUTC().instant()), origin);
                answer = DecisionJson.campaign(c.decisionId(), c.decision());
            }
            spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(answer));
            return 0;
        } catch (RuntimeException e) {
            // the same problem, with the same code, as the HTTP API answers for the same body
            ApiProblem problem = Problems.of(e);
            if (problem == null) {
                throw e;
            }
            spec.commandLine().getErr().println(Json.write(problem));
            return 2;
        }
    }
}
