package org.threadgate.server.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An answer that never makes its writer wait for the client: what is written goes to a queue, and a drain thread
 * copies it to the client. While the client reads as fast as answers come (a full-duplex client), nothing piles up;
 * while it does not (a client that sends its whole body before it reads anything), the queue grows in memory up to a
 * bound and then in a temporary file, which is always removed. So a streamed batch keeps reading its request whatever
 * the client does, and nobody deadlocks. One writer thread; order is kept.
 */
final class SpoolingOutput extends OutputStream {
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "answer-drain");
        thread.setDaemon(true);
        return thread;
    });
    private static final int FILE_READ = 64 * 1024;

    private final OutputStream client;
    private final long memoryLimit;
    private final ArrayDeque<byte[]> memory = new ArrayDeque<>();
    private long memoryBytes;
    private Path file;
    private FileChannel channel;
    private long fileWritten;
    private long fileRead;
    private boolean closed;
    private IOException failure;
    private long spilledBytes;
    private final java.util.concurrent.Future<?> drain;

    SpoolingOutput(OutputStream client, long memoryLimit) {
        this.client = client;
        this.memoryLimit = memoryLimit;
        this.drain = DRAINS.submit(this::drain);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return;
        }
        if (fileWritten > fileRead || memoryBytes + length > memoryLimit) {
            // once spilling, everything goes to the file until the drain has emptied it: order is kept
            if (channel == null) {
                file = Files.createTempFile("threadgate-spool-", ".ndjson");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                fileWritten += channel.write(buffer, fileWritten);
            }
            spilledBytes += length;
        } else {
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            memory.add(copy);
            memoryBytes += length;
        }
        notifyAll();
    }

    /** Nothing to do: the drain sends as soon as it can, and flushes whenever it has caught up. */
    @Override
    public void flush() throws IOException {
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Waits until everything written has reached the client, then removes the spool file. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            drain.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the answer was being sent");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("the answer could not be sent: " + e.getCause(), e.getCause());
        } finally {
            removeFile();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Gives up on what is not sent yet (the answer failed half-way): the drain stops, the file is removed. */
    void abort() {
        synchronized (this) {
            closed = true;
            memory.clear();
            memoryBytes = 0;
            fileRead = fileWritten;
            notifyAll();
        }
        drain.cancel(true);
        try {
            removeFile();
        } catch (IOException e) {
            // nothing more can be done about a temporary file that will not go; the JVM's temp cleanup may
        }
    }

    /** Bytes that went through the file (0 when the client kept up). */
    synchronized long spilledBytes() {
        return spilledBytes;
    }

    private void drain() {
        try {
            while (true) {
                byte[] next;
                synchronized (this) {
                    while (memory.isEmpty() && fileRead == fileWritten && !closed) {
                        wait();
                    }
                    if (memory.isEmpty() && fileRead == fileWritten) {
                        break; // closed and empty
                    }
                    next = take();
                }
                client.write(next);
                synchronized (this) {
                    if (memory.isEmpty() && fileRead == fileWritten) {
                        client.flush(); // caught up: send what we have
                    }
                }
            }
            client.flush();
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                failure = new InterruptedIOException("the answer's drain was interrupted");
            }
        }
    }

    /** The oldest bytes: memory first (it only ever holds what came before the file's content). */
    private byte[] take() throws IOException {
        if (!memory.isEmpty()) {
            byte[] head = memory.removeFirst();
            memoryBytes -= head.length;
            return head;
        }
        int size = (int) Math.min(FILE_READ, fileWritten - fileRead);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            fileRead += channel.read(buffer, fileRead);
        }
        if (fileRead == fileWritten) {
            fileRead = 0; // emptied: reuse the file from its start
            fileWritten = 0;
            channel.truncate(0);
        }
        return buffer.array();
    }

    private synchronized void removeFile() throws IOException {
        if (channel != null) {
            channel.close();
            Files.deleteIfExists(file);
            channel = null;
        }
    }
}
