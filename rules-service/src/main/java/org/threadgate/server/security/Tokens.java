package org.threadgate.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens and their scopes, read from a file of lines {@code sha256:<hex of the token> <scope>[,<scope>…]} with
 * {@code #} comments. Only hashes are stored; a presented token is hashed and compared with every entry in constant
 * time. Nothing here ever logs a token.
 */
public final class Tokens {
    private record Entry(byte[] hash, Grant grant) {
    }

    /**
     * What a known token may do, and who holds it.
     *
     * @param label  the holder's name from the tokens file (e.g. {@code checkout-service}), or {@code line-N} for a
     *               line without one; decision records name the caller by it, never by the token or its hash
     * @param scopes what it may do
     */
    public record Grant(String label, Set<Scope> scopes) {
    }

    private static final Pattern LINE = Pattern.compile(
            "sha256:([0-9a-fA-F]{64})\\s+([A-Za-z,]+)(?:\\s+([A-Za-z0-9._:@-]{1,64}))?");
    private static final String FORM = "'sha256:<64 hex digits> <scope>[,<scope>...] [label]' with scopes "
            + "decide, ingest, admin, audit, privacy and an optional label of up to 64 letters, digits and ._:@-";

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads a tokens file; a bad line fails with its number and the accepted form. */
    public static Tokens read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int hashMark = line.indexOf('#');
            if (hashMark >= 0) {
                line = line.substring(0, hashMark).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + FORM);
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : m.group(2).split(",")) {
                try {
                    scopes.add(Scope.valueOf(scope.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown scope '" + scope
                            + "'; scopes are decide, ingest, admin, audit, privacy");
                }
            }
            String label = m.group(3) != null ? m.group(3) : "line-" + (i + 1);
            entries.add(new Entry(HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT)),
                    new Grant(label, Set.copyOf(scopes))));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no token; each line is 'sha256:<hex> <scopes>'");
        }
        return new Tokens(entries);
    }

    /** The scopes of a presented token, or {@code null} when it matches no entry. */
    public Set<Scope> scopesOf(String token) {
        Grant grant = grantOf(token);
        return grant == null ? null : grant.scopes();
    }

    /** What a presented token may do and who holds it, or {@code null} when it matches no entry. */
    public Grant grantOf(String token) {
        byte[] presented = sha256(token);
        Grant found = null;
        for (Entry entry : entries) { // every entry is compared, so the time does not tell which one matched
            if (MessageDigest.isEqual(presented, entry.hash()) & found == null) {
                found = entry.grant();
            }
        }
        return found;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A new random token (256 bits, URL-safe). */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The tokens-file line for {@code token}. */
    public static String line(String token, Set<Scope> scopes) {
        return "sha256:" + HexFormat.of().formatHex(sha256(token)) + " "
                + String.join(",", scopes.stream().map(Scope::label).toList());
    }

    /** The tokens-file line for {@code token}, naming its holder. */
    public static String line(String token, Set<Scope> scopes, String label) {
        if (!label.matches("[A-Za-z0-9._:@-]{1,64}")) {
            throw new IllegalArgumentException("a label is 1 to 64 letters, digits and ._:@- (got '" + label + "')");
        }
        return line(token, scopes) + " " + label;
    }
}
