package io.switchboard.element;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code element} table: organizations' custom descriptors, stored as JSON. Each method is one statement on a
 * connection of the data source, so it joins the caller's transaction when there is one.
 */
@ApplicationScoped
class ElementStore {

    /** A stored descriptor: its id and its JSON. */
    record Stored(long id, String descriptor) {
    }

    private final DataSource dataSource;

    ElementStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The organization's custom elements, by key. */
    List<Stored> list(long organizationId) {
        return select("SELECT id, descriptor::text FROM element WHERE organization_id = ? ORDER BY key",
                organizationId, null);
    }

    Optional<Stored> byKey(long organizationId, String key) {
        return select("SELECT id, descriptor::text FROM element WHERE organization_id = ? AND key = ?",
                organizationId, key).stream().findFirst();
    }

    Optional<Stored> byId(long organizationId, long id) {
        return select("SELECT id, descriptor::text FROM element WHERE organization_id = ? AND id = ?",
                organizationId, id).stream().findFirst();
    }

    /** Stores a descriptor; returns its id. */
    long insert(long organizationId, String key, String descriptor) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO element (organization_id, key, descriptor) VALUES (?, ?, CAST(? AS jsonb)) RETURNING id")) {
            insert.setLong(1, organizationId);
            insert.setString(2, key);
            insert.setString(3, descriptor);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store an element", e);
        }
    }

    void delete(long organizationId, String key) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM element WHERE organization_id = ? AND key = ?")) {
            delete.setLong(1, organizationId);
            delete.setString(2, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete an element", e);
        }
    }

    /** The rows of a select on the organization and, when not null, one more parameter. */
    private List<Stored> select(String sql, long organizationId, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, organizationId);
            if (parameter != null) {
                select.setObject(2, parameter);
            }
            List<Stored> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getLong(1), rs.getString(2)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read elements", e);
        }
    }
}
