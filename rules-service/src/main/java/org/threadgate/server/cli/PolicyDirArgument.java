package org.threadgate.server.cli;

import java.nio.file.Path;

import picocli.CommandLine.Parameters;

/** The optional policy directory a command works on, the bundled set when omitted (a picocli mixin). */
final class PolicyDirArgument {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "the policy directory (*.drl, settings.yaml, tests/); the bundled set when omitted")
    Path dir;
}
