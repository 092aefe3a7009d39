package org.threadgate.server.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a raw socket that reads the response while the request body is still being written,
 * as the streamed batch needs (the JDK's HttpClient sends the whole body before it reads any of the answer).
 */
final class DuplexClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int chunkLeft;
    private boolean ended;
    private final int port;
    private final String path;
    private final StringBuilder received = new StringBuilder();

    DuplexClient(int port, String path, String contentType) throws IOException {
        this.port = port;
        this.path = path;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends one chunk of the request body and flushes it. */
    void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return;
        }
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends the request body. */
    void finish() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Status and headers, read once. */
    int status() throws IOException {
        if (status == 0) {
            String statusLine = asciiLine();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            String header;
            while (!(header = asciiLine()).isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1)
                        .trim());
            }
        }
        return status;
    }

    String header(String name) throws IOException {
        status();
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next line of the chunked response body, or {@code null} at its end. */
    String readLine() throws IOException {
        status();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = bodyByte();
            if (b < 0) {
                String last = line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                if (last != null) {
                    received.append(last);
                }
                return last;
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                received.append(text).append('\n');
                return text;
            }
            line.write(b);
        }
    }

    private int bodyByte() throws IOException {
        if (ended) {
            return -1;
        }
        if (chunkLeft == 0) {
            String size = asciiLine();
            if (size.isEmpty()) { // the CRLF that closes the previous chunk
                size = asciiLine();
            }
            chunkLeft = Integer.parseInt(size.trim(), 16);
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
        }
        chunkLeft--;
        return in.read();
    }

    private String asciiLine() throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (status != 0) {
                // every line read so far, against the document the server serves
                new CheckedClient().contract(port).check("POST", path, status, header("Content-Type"),
                        name -> java.util.Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))),
                        received.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }
}
