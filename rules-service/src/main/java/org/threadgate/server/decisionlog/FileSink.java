package org.threadgate.server.decisionlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.LogRecord;

/**
 * The decision log as rolling NDJSON files, for shipping to a log pipeline: one record per line, one file per UTC
 * hour and process ({@code decisions-2026-03-10T12-<pid>.ndjson}), each batch forced to disk before it counts as
 * written. Retention deletes the files whose hour ended before the cutoff.
 */
public final class FileSink implements DecisionSink {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);
    private static final String PREFIX = "decisions-";

    private final Path dir;
    private final String process = Long.toString(ProcessHandle.current().pid());
    private String openHour;
    private FileChannel open;

    public FileSink(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the decision log directory " + dir, e);
        }
    }

    @Override
    public String describe() {
        return "NDJSON files in " + dir.toAbsolutePath();
    }

    @Override
    public synchronized void write(List<LogRecord> records) throws IOException {
        StringBuilder lines = new StringBuilder(records.size() * 1024);
        String hour = null;
        for (LogRecord record : records) {
            String recordHour = HOUR.format(record.decidedAt());
            if (hour != null && !hour.equals(recordHour)) {
                append(hour, lines);
                lines.setLength(0);
            }
            hour = recordHour;
            lines.append(record.json()).append('\n');
        }
        if (hour != null) {
            append(hour, lines);
        }
    }

    private void append(String hour, CharSequence lines) throws IOException {
        if (!hour.equals(openHour)) {
            closeOpen();
            open = FileChannel.open(dir.resolve(PREFIX + hour + "-" + process + ".ndjson"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            openHour = hour;
        }
        var bytes = java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            open.write(bytes);
        }
        open.force(false);
    }

    @Override
    public synchronized long deleteBefore(Instant cutoff) throws IOException {
        long files = 0;
        try (Stream<Path> all = Files.list(dir)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith(PREFIX) || !name.endsWith(".ndjson") || name.length() < PREFIX.length() + 13) {
                    continue;
                }
                String hour = name.substring(PREFIX.length(), PREFIX.length() + 13);
                Instant end;
                try {
                    end = Instant.parse(hour + ":00:00Z").plus(1, ChronoUnit.HOURS);
                } catch (java.time.format.DateTimeParseException notOurs) {
                    continue;
                }
                if (end.isBefore(cutoff) || end.equals(cutoff)) {
                    if (hour.equals(openHour)) {
                        closeOpen();
                    }
                    Files.deleteIfExists(file);
                    files++;
                }
            }
        }
        return files > 0 ? -1 : 0;
    }

    private void closeOpen() throws IOException {
        if (open != null) {
            open.close();
            open = null;
            openHour = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
