package org.threadgate.service.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.threadgate.service.security.Scope;
import org.threadgate.service.security.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a new bearer token and the line that grants it, for the tokens file. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Generate a random bearer token. Prints the token (give it to the caller; it is not stored"
                + " anywhere) and, on the next line, the line to add to the --tokens file (only its SHA-256).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--scopes", split = ",", defaultValue = "decide",
            description = "comma-separated scopes: decide, ingest, admin (default: ${DEFAULT-VALUE})")
    List<Scope> scopes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String token = Tokens.generate();
        Set<Scope> granted = EnumSet.copyOf(scopes);
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().println(Tokens.line(token, granted));
        return 0;
    }
}
