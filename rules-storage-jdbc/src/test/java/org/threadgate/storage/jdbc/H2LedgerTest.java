package org.threadgate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.ledger.Events;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.model.EventType;

/** The storage suite on embedded H2 in a file, the default. */
class H2LedgerTest extends JdbcLedgerContract {
    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected Database database() {
        return Database.h2File(dir.resolve("db-" + databases.incrementAndGet()));
    }

    @Test
    void closedAndReopened_keepsEverything() {
        Path data = dir.resolve("reopened");
        try (Database db = Database.h2File(data)) {
            new JdbcLedger(db.dataSource(), Clock.systemUTC()).ingest(List.of(
                    Events.event("1", EventType.PERSON_MESSAGE, "b", "p", 5),
                    Events.event("2", EventType.MESSAGES_OFF, "b", "q", 5)));
        }
        try (Database db = Database.h2File(data)) {
            Ledger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
            assertThat(ledger.thread("b", "p").orElseThrow().lastPersonInteractionAt())
                    .isEqualTo(Events.T0.plusSeconds(300));
            assertThat(ledger.thread("b", "q").orElseThrow().messagesOff()).isTrue();
            assertThat(ledger.audienceSize("b")).isEqualTo(1);
            assertThat(ledger.ingest(List.of(Events.event("1", EventType.PERSON_MESSAGE, "b", "p", 5))).duplicates())
                    .isEqualTo(1);
        }
    }
}
