package io.switchboard.element;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.store.Jdbc;

/**
 * The {@code element} table: organizations' custom descriptors, stored as JSON. Each method is one statement on a
 * connection of the data source, so it joins the caller's transaction when there is one.
 */
@ApplicationScoped
class ElementStore {

    /** A stored descriptor: its id and its JSON. */
    record Stored(long id, String descriptor) {
    }

    @Inject DataSource dataSource;

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
        return Jdbc.number(dataSource,
                "INSERT INTO element (organization_id, key, descriptor) VALUES (?, ?, CAST(? AS jsonb)) RETURNING id",
                Jdbc.params(organizationId, key, descriptor), "could not store an element");
    }

    void delete(long organizationId, String key) {
        Jdbc.update(dataSource, "DELETE FROM element WHERE organization_id = ? AND key = ?",
                Jdbc.params(organizationId, key), "could not delete an element");
    }

    /** The rows of a select on the organization and, when not null, one more parameter. */
    private List<Stored> select(String sql, long organizationId, Object parameter) {
        return Jdbc.list(dataSource, sql,
                parameter == null ? Jdbc.params(organizationId) : Jdbc.params(organizationId, parameter),
                rs -> new Stored(rs.getLong(1), rs.getString(2)), "could not read elements");
    }
}
