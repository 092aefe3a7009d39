package org.threadgate.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection with just enough parsing for measurements: Content-Length and chunked bodies.
 * The JDK's HttpClient costs more per request than the server under test, so the load generator uses this.
 */
final class HttpClientConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    HttpClientConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        host = "127.0.0.1:" + port;
    }

    /** A complete request's bytes, built once and sent many times. */
    static byte[] post(String host, String path, String contentType, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    String host() {
        return host;
    }

    /** Sends a prepared request and returns the status; the body is read and dropped. */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return readResponse(null);
    }

    /** Reads one response; its body goes to {@code body} when given. */
    int readResponse(ByteArrayOutputStream body) throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                long size = Long.parseLong(line().trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                copy(size, body);
                line();
            }
        } else if (length > 0) {
            copy(length, body);
        }
        return code;
    }

    private void copy(long size, ByteArrayOutputStream body) throws IOException {
        for (long i = 0; i < size; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-body");
            }
            if (body != null) {
                body.write(b);
            }
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
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

    OutputStream output() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
