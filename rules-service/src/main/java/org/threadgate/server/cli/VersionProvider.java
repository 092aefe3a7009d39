package org.threadgate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** Reads the build's version, filled in by Maven, for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/threadgate/server/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"threadgate " + p.getProperty("version", "unknown") + " (Drools "
                + p.getProperty("drools", "unknown") + ", Java " + System.getProperty("java.version") + ")"};
    }
}
