package io.switchboard.instance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Instances deleted longer ago than the retention, for the retention job (history.Retention): it removes their
 * receipts first, then them (their configuration and messages cascade).
 */
@ApplicationScoped
public class InstanceRetention {

    private final DataSource dataSource;

    public InstanceRetention(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The instances deleted before {@code before}, in id order. */
    public List<Long> deletedBefore(Instant before) {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM instance WHERE deleted AND updated_at < ? ORDER BY id")) {
            select.setObject(1, before.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not find deleted instances", e);
        }
        return ids;
    }

    /** Removes an instance deleted before {@code before}; how many were (0 or 1). */
    public int remove(long instanceId, Instant before) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM instance WHERE id = ? AND deleted AND updated_at < ?")) {
            delete.setLong(1, instanceId);
            delete.setObject(2, before.atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove deleted instance " + instanceId, e);
        }
    }
}
