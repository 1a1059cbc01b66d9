package io.switchboard;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the embedded PostgreSQL and the callback receiver for every {@code @QuarkusTest} of the run. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CallbackReceiverResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
