package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class OutagesTest {

    @Test
    void connectionFailuresAreOutagesWhereverTheyAreInTheChain() {
        SQLException refused = new SQLException("Connection refused", "08001");
        assertTrue(Outages.databaseUnreachable(new IllegalStateException("could not write", refused)));
        RuntimeException commit = new RuntimeException("Could not commit transaction");
        Exception xa = new Exception("Error trying to commit", new SQLException("terminating connection", "57P01"));
        commit.addSuppressed(xa);
        assertTrue(Outages.databaseUnreachable(new RuntimeException(commit)), "a suppressed driver error counts");
        assertTrue(Outages.databaseUnreachable(new SQLException("the database system is starting up", "57P03")));
        assertFalse(Outages.databaseUnreachable(new SQLException("duplicate key", "23505")));
        assertFalse(Outages.databaseUnreachable(new IllegalArgumentException("no")));
    }
}
