package org.threadgate.server.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.threadgate.server.security.Scope;
import org.threadgate.server.security.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a new bearer token and the line that grants it, for the tokens file. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Generate a random bearer token. Prints the token (give it to the caller; it is not stored"
                + " anywhere) and, on the next line, the line to add to the --tokens file (only its SHA-256).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--scopes", split = ",", defaultValue = "decide",
            description = "comma-separated scopes: decide, ingest, admin, audit, privacy (default: ${DEFAULT-VALUE})")
    List<Scope> scopes;

    @Option(names = "--label", paramLabel = "NAME", description = "who holds the token (letters, digits, ._:@-; up"
            + " to 64): decision records name the caller by it")
    String label;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String token = Tokens.generate();
        Set<Scope> granted = EnumSet.copyOf(scopes);
        if (label != null && !label.matches("[A-Za-z0-9._:@-]{1,64}")) {
            spec.commandLine().getErr().println("--label: 1 to 64 letters, digits and ._:@- (got '" + label + "')");
            return 2;
        }
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().println(label == null ? Tokens.line(token, granted)
                : Tokens.line(token, granted, label));
        return 0;
    }
}
