package io.switchboard.instance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.store.Jdbc;

/**
 * Instances deleted longer ago than the retention, for the retention job (history.Retention): it removes their
 * receipts first, then them (their configuration and messages cascade).
 */
@ApplicationScoped
public class InstanceRetention {

    @Inject DataSource dataSource;

    /** The instances deleted before {@code before}, in id order. */
    public List<Long> deletedBefore(Instant before) {
        return Jdbc.list(dataSource, "SELECT id FROM instance WHERE deleted AND updated_at < ? ORDER BY id",
                Jdbc.params(before.atOffset(ZoneOffset.UTC)), rs -> rs.getLong(1), "could not find deleted instances");
    }

    /** Removes an instance deleted before {@code before}; how many were (0 or 1). */
    public int remove(long instanceId, Instant before) {
        return Jdbc.update(dataSource, "DELETE FROM instance WHERE id = ? AND deleted AND updated_at < ?",
                Jdbc.params(instanceId, before.atOffset(ZoneOffset.UTC)), "could not remove deleted instance " + instanceId);
    }
}
