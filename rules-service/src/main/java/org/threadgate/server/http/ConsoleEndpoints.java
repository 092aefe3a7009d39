package org.threadgate.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * The policy console: a page and its two assets, served from the jar (no CDN; it works with no internet). The page
 * holds no data, so its routes are open; the API calls it makes carry the token the user gives it. A strict
 * Content-Security-Policy allows no inline script or style and no other origin.
 */
public record ConsoleEndpoints(Map<String, byte[]> assets) {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final String ROOT = "/org/threadgate/server/console/";

    /** The console's assets, read from the jar. */
    public static ConsoleEndpoints load() {
        return new ConsoleEndpoints(Map.of("index.html", read("index.html"), "console.js", read("console.js"),
                "console.css", read("console.css")));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleEndpoints.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/", null, ctx -> serve(ctx, "index.html", "text/html; charset=utf-8"))
                .add(HandlerType.GET, "/console/console.js", null,
                        ctx -> serve(ctx, "console.js", "text/javascript; charset=utf-8"))
                .add(HandlerType.GET, "/console/console.css", null,
                        ctx -> serve(ctx, "console.css", "text/css; charset=utf-8"));
    }

    private void serve(Context ctx, String name, String type) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .contentType(type)
                .result(assets.get(name));
    }
}
