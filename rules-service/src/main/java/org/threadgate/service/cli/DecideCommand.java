package org.threadgate.service.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicySet;
import org.threadgate.service.http.ApiProblem;
import org.threadgate.service.json.DecisionJson;
import org.threadgate.service.json.InvalidRequestException;
import org.threadgate.service.json.Json;
import org.threadgate.service.json.MalformedJsonException;
import org.threadgate.service.json.RequestReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Decides one request given as JSON, the same body the HTTP endpoints take. */
@Command(name = "decide", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Evaluate one JSON request (the body of POST /v1/decisions/delivery, or of"
                + " /v1/decisions/campaign when it has no person) and print the JSON decision."
                + " Exits 2 when the request is invalid.")
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
        try (PolicySet policies = compilation.policySet()) {
            JsonNode root = Json.parseObject(body);
            boolean delivery = kind == Kind.delivery || (kind == Kind.auto && root.has("person"));
            Object answer = delivery
                    ? DecisionJson.delivery(org.threadgate.service.http.HttpApi.decisionId(),
                            policies.decideDelivery(RequestReader.delivery(root, Clock.systemUTC().instant())))
                    : DecisionJson.campaign(org.threadgate.service.http.HttpApi.decisionId(),
                            policies.decideCampaign(RequestReader.campaign(root, Clock.systemUTC().instant())));
            spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(answer));
            return 0;
        } catch (InvalidRequestException e) {
            spec.commandLine().getErr().println(Json.write(ApiProblem.of(400, "Bad Request", "INVALID_REQUEST",
                    e.getMessage()).withErrors(e.errors())));
            return 2;
        } catch (MalformedJsonException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(Json.write(ApiProblem.of(400, "Bad Request", "MALFORMED_JSON",
                    e.getMessage())));
            return 2;
        }
    }
}
