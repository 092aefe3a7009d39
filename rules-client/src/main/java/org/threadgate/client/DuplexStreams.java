package org.threadgate.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.net.ssl.SSLSocketFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.threadgate.client.model.AudienceRequest;
import org.threadgate.client.model.BatchDecision;
import org.threadgate.client.model.CampaignRequest;
import org.threadgate.client.model.Problem;
import org.threadgate.client.model.Recipient;
import org.threadgate.client.model.SummaryLine;

/**
 * The streamed (NDJSON) forms, which a generated client cannot express: the server answers each recipient while the
 * request is still arriving, so a client that sends the whole body before reading (the JDK's HttpClient, Python's
 * requests) deadlocks once both directions' buffers fill. Here a writer thread sends the request body while the
 * calling thread reads the answer, over one HTTP/1.1 connection, in memory bounded whatever the count. Each call is
 * independent and may run on its own thread.
 */
public final class DuplexStreams {
    private static final int CHUNK = 32 * 1024;
    private static final String NDJSON = "application/x-ndjson";

    private final URI baseUri;
    private final String token;
    private final ObjectMapper mapper;
    private int readTimeoutMillis = 120_000;

    DuplexStreams(URI baseUri, String token, ObjectMapper mapper) {
        this.baseUri = baseUri;
        this.token = token;
        this.mapper = mapper;
    }

    /**
     * How long a read may wait for the next byte of the answer before the call fails (default 120 s).
     *
     * @param millis the timeout, more than 0
     * @return this helper
     */
    public DuplexStreams readTimeoutMillis(int millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("readTimeoutMillis must be more than 0, was " + millis);
        }
        this.readTimeoutMillis = millis;
        return this;
    }

    /**
     * The streamed batch: one campaign, any number of recipients, decided by one policy version.
     *
     * @param header     the business, campaign and optional {@code at} every recipient shares
     * @param recipients the recipients, read once on a writer thread as the request is sent
     * @param each       receives each decision in input order, on the calling thread, while the request is still
     *                   being sent
     * @return the summary line: policy version and counts
     * @throws ProblemException when the server refuses the batch or a line (then {@link ProblemException#line()})
     * @throws UncheckedIOException when the connection fails
     */
    public SummaryLine decideBatch(CampaignRequest header, Iterator<Recipient> recipients,
                                   Consumer<BatchDecision> each) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(recipients, "recipients");
        return exchange("/v1/decisions/delivery/batch", NDJSON, true, out -> {
            out.line(mapper.writeValueAsBytes(header));
            while (recipients.hasNext()) {
                out.line(mapper.writeValueAsBytes(recipients.next()));
            }
        }, each);
    }

    /**
     * The delivery decision for every member of a registered campaign's audience, in person-id order.
     *
     * @param campaignId the campaign
     * @param request    the optional {@code at}; {@code null} decides at the server's clock
     * @param each       receives each decision on the calling thread as it arrives
     * @return the summary line: policy version and counts
     * @throws ProblemException when the campaign is unknown or the request is refused
     * @throws UncheckedIOException when the connection fails
     */
    public SummaryLine decideAudience(String campaignId, AudienceRequest request, Consumer<BatchDecision> each) {
        Objects.requireNonNull(campaignId, "campaignId");
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(request == null ? new AudienceRequest() : request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = "/v1/campaigns/" + URLEncoder.encode(campaignId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/audience/decisions";
        return exchange(path, "application/json", false, out -> out.whole(body), each);
    }

    /** Writes a request body; runs on the writer thread. */
    private interface Body {
        void write(BodyOut out) throws IOException;
    }

    /** A request body in HTTP/1.1 chunks of about {@link #CHUNK} bytes, or in one piece with a length. */
    private static final class BodyOut {
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(CHUNK + 1024);

        BodyOut(OutputStream out) {
            this.out = out;
        }

        void line(byte[] json) throws IOException {
            pending.write(json);
            pending.write('\n');
            if (pending.size() >= CHUNK) {
                flushChunk();
            }
        }

        void whole(byte[] body) throws IOException {
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        void flushChunk() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            out.write((Integer.toHexString(pending.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            pending.writeTo(out);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pending.reset();
        }

        void end() throws IOException {
            flushChunk();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private SummaryLine exchange(String path, String contentType, boolean chunked, Body body,
                                 Consumer<BatchDecision> each) {
        Objects.requireNonNull(each, "each");
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        try (Socket socket = open()) {
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream raw = new BufferedOutputStream(socket.getOutputStream(), CHUNK + 1024);
            StringBuilder head = new StringBuilder()
                    .append("POST ").append(basePath()).append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader()).append("\r\n")
                    .append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Accept: ").append(NDJSON).append(", application/problem+json\r\n")
                    .append("Connection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
            }
            raw.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    BodyOut out = new BodyOut(raw);
                    body.write(out);
                    if (chunked) {
                        out.end();
                    }
                } catch (Throwable e) {
                    writeFailure.set(e);
                    closeQuietly(socket); // the reader must not wait for an answer to a request that will not end
                }
            }, "threadgate-stream-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(new BufferedInputStream(socket.getInputStream(), 64 * 1024), each);
            } catch (IOException | RuntimeException e) {
                Throwable cause = writeFailure.get();
                if (cause != null && !(cause instanceof IOException)) {
                    // the caller's iterator or the serialisation failed: that is the story, not the closed socket
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException("the stream to " + baseUri + path + " failed: " + io.getMessage(),
                            io);
                }
                throw (RuntimeException) e;
            } finally {
                closeQuietly(socket); // ends the writer if the answer ended first (a refused batch)
                try {
                    writer.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + baseUri + ": " + e.getMessage(), e);
        }
    }

    private SummaryLine read(InputStream in, Consumer<BatchDecision> each) throws IOException {
        String statusLine = asciiLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = asciiLine(in); !header.isEmpty(); header = asciiLine(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
        }
        InputStream bodyIn = framed(in, headers);
        if (status != 200) {
            byte[] bytes = bodyIn.readNBytes(1 << 20);
            throw ProblemException.of(status, ThreadgateClient.problemOf(bytes,
                    headers.getOrDefault("content-type", ""), mapper), ThreadgateClient.snippet(bytes));
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(bodyIn, StandardCharsets.UTF_8), 64 * 1024);
        SummaryLine summary = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = mapper.readTree(line);
            if (node.has("problem")) {
                Problem problem = mapper.treeToValue(node.get("problem"), Problem.class);
                throw ProblemException.of(problem.getStatus() == null ? 400 : problem.getStatus(), problem, line);
            }
            if (node.has("summary")) {
                summary = mapper.treeToValue(node, SummaryLine.class);
            } else {
                each.accept(mapper.treeToValue(node, BatchDecision.class));
            }
        }
        if (summary == null) {
            throw new IOException("the answer ended before its summary line");
        }
        return summary;
    }

    /** The answer's body as sent: chunked, of a length, or up to the end of the connection. */
    private static InputStream framed(InputStream in, Map<String, String> headers) {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return new ChunkedInput(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            return new LimitedInput(in, Long.parseLong(length));
        }
        return in;
    }

    private Socket open() throws IOException {
        boolean tls = "https".equalsIgnoreCase(baseUri.getScheme());
        int port = baseUri.getPort() > 0 ? baseUri.getPort() : tls ? 443 : 80;
        return tls ? SSLSocketFactory.getDefault().createSocket(baseUri.getHost(), port)
                : new Socket(baseUri.getHost(), port);
    }

    private String basePath() {
        String path = baseUri.getRawPath();
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private String hostHeader() {
        return baseUri.getPort() > 0 ? baseUri.getHost() + ":" + baseUri.getPort() : baseUri.getHost();
    }

    private static String asciiLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the answer's head");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    /** The body of a chunked answer, its chunk framing removed. */
    private static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long left;
        private boolean ended;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                String size = asciiLine(in);
                if (size.isEmpty()) { // the CRLF that closes the previous chunk
                    size = asciiLine(in);
                }
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed in the middle of a chunk");
            }
            left -= n;
            return n;
        }
    }

    /** The body of an answer with a Content-Length. */
    private static final class LimitedInput extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
