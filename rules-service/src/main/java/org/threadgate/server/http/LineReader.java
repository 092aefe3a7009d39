package org.threadgate.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a streamed body line by line with a bound on each line's length and strict UTF-8, and tells when no further
 * input is waiting (so that decisions already possible are sent rather than held back).
 */
final class LineReader {
    /** A line that is not valid UTF-8 or is too long. */
    static final class BadLineException extends IOException {
        BadLineException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or {@code null} at the end of the input. */
    String next() throws IOException {
        int length = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return sawAny ? decode(length) : null;
                }
            }
            sawAny = true;
            byte b = buffer[position++];
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return decode(length);
            }
            if (length == maxLineBytes) {
                throw new BadLineException("the line is longer than " + maxLineBytes + " bytes");
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[length++] = b;
        }
    }

    /** True when nothing is buffered and the stream has nothing more ready without blocking. */
    boolean idle() throws IOException {
        return position == limit && in.available() == 0;
    }

    private String decode(int length) throws BadLineException {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new BadLineException("the line is not valid UTF-8");
        }
    }
}
