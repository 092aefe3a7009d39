package org.threadgate.storage.jdbc;

import java.time.Clock;
import java.util.OptionalLong;

import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerContract;

/** The library's ledger contract on a JDBC database: each subclass names the database, fresh and empty per test. */
abstract class JdbcLedgerContract extends LedgerContract {
    /**
     * A fresh, migrated, empty database.
     *
     * @return the database, open
     */
    protected abstract Database database();

    @Override
    protected Backend open() {
        Database db = database();
        JdbcLedger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
        return new Backend() {
            @Override
            public Ledger ledger() {
                return ledger;
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    @Override
    protected OptionalLong retries(Ledger ledger) {
        return OptionalLong.of(((JdbcLedger) ledger).retries());
    }
}
