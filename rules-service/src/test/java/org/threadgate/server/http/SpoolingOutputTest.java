package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The spool in front of a client that does not read yet: nothing waits, nothing is lost or reordered, no file stays. */
class SpoolingOutputTest {
    /** A client that reads nothing until it is let go. */
    static final class LateReader extends OutputStream {
        final CountDownLatch reading = new CountDownLatch(1);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                reading.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (received) {
                received.write(b, off, len);
            }
        }
    }

    @Test
    void whileTheClientDoesNotRead_writesGoOnThroughMemoryAndAFile_andArriveInOrder() throws Exception {
        LateReader client = new LateReader();
        long filesBefore = spoolFiles();
        SpoolingOutput spool = new SpoolingOutput(client, 10_000);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) { // ~300 KB, thirty times the memory bound, written with nobody reading
            String line = "{\"line\":" + i + "}\n";
            expected.append(line);
            spool.write(line.getBytes(StandardCharsets.UTF_8));
        }
        spool.flush();
        assertThat(spool.spilledBytes()).isGreaterThan(250_000);
        assertThat(spoolFiles()).isEqualTo(filesBefore + 1);
        client.reading.countDown();
        spool.close();
        assertThat(client.received.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(spoolFiles()).isEqualTo(filesBefore);
    }

    @Test
    void belowTheMemoryBound_noFileIsMade_andEverythingArrivesInOrder() throws Exception {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        SpoolingOutput spool = new SpoolingOutput(client, 1 << 20);
        for (int i = 0; i < 1_000; i++) {
            spool.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        spool.close();
        assertThat(spool.spilledBytes()).isZero();
        assertThat(client.toString(StandardCharsets.UTF_8)).startsWith("line 0\n").endsWith("line 999\n");
    }

    @Test
    void anAbortedAnswer_removesItsFile() throws Exception {
        LateReader client = new LateReader();
        long filesBefore = spoolFiles();
        SpoolingOutput spool = new SpoolingOutput(client, 100);
        spool.write(new byte[5_000]);
        assertThat(spoolFiles()).isEqualTo(filesBefore + 1);
        spool.abort();
        client.reading.countDown();
        assertThat(spoolFiles()).isEqualTo(filesBefore);
    }

    static long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("threadgate-spool-")).count();
        }
    }
}
