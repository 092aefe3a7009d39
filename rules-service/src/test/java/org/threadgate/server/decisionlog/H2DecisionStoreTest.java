package org.threadgate.server.decisionlog;

import java.util.UUID;

import org.threadgate.storage.jdbc.Database;


/** The decision log on the embedded H2 database (in memory). */
class H2DecisionStoreTest extends DecisionStoreContract {
    @Override
    protected Database open() {
        return Database.h2Memory("decisions-" + UUID.randomUUID());
    }
}
