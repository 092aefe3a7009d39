package org.threadgate.service.decisionlog;

import java.util.UUID;

import org.threadgate.service.ledger.jdbc.Database;

/** The decision log on the embedded H2 database (in memory). */
class H2DecisionStoreTest extends DecisionStoreContract {
    @Override
    protected Database open() {
        return Database.h2Memory("decisions-" + UUID.randomUUID());
    }
}
