package io.switchboard.instance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.element.ElementUsage;
import io.switchboard.tenant.InstanceTokens;
import io.switchboard.store.Jdbc;
import io.switchboard.store.JsonStrings;

/**
 * The {@code instance} and {@code instance_config} tables (the poll schedule's columns: {@link PostgresPollingState}).
 * Each method is one statement on a connection of the data source, so it joins the caller's transaction when there
 * is one.
 */
@ApplicationScoped
public class InstanceStore implements InstanceTokens, ElementUsage {

    private static final String COLUMNS = "id, organization_id, user_id, element_key, name, tags::text, token_sealed, "
            + "disabled, created_at, updated_at";

    @Inject DataSource dataSource;
    @Inject ObjectMapper mapper;

    Instance insert(long organizationId, long userId, String elementKey, String name, List<String> tags,
            String tokenHash, String tokenSealed, Instant now) {
        return one("INSERT INTO instance (organization_id, user_id, element_key, name, tags, token_hash, token_sealed,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?) RETURNING " + COLUMNS,
                organizationId, userId, elementKey, name, json(tags), tokenHash, tokenSealed, Timestamp.from(now),
                Timestamp.from(now)).orElseThrow();
    }

    /** The organization's instance, unless deleted. */
    Optional<Instance> find(long organizationId, long id) {
        return one("SELECT " + COLUMNS + " FROM instance WHERE id = ? AND organization_id = ? AND NOT deleted", id,
                organizationId);
    }

    /** The instance of any organization, unless deleted. */
    Optional<Instance> find(long id) {
        return one("SELECT " + COLUMNS + " FROM instance WHERE id = ? AND NOT deleted", id);
    }

    /** The organization's instances that carry every given tag, by id. */
    List<Instance> list(long organizationId, List<String> tags) {
        return query("SELECT " + COLUMNS + " FROM instance WHERE organization_id = ? AND NOT deleted"
                + " AND tags @> CAST(? AS jsonb) ORDER BY id", this::instance, organizationId, json(tags));
    }

    Instance rename(long id, String name, List<String> tags, Instant now) {
        return one("UPDATE instance SET name = ?, tags = CAST(? AS jsonb), updated_at = ? WHERE id = ? RETURNING "
                + COLUMNS, name, json(tags), Timestamp.from(now), id).orElseThrow();
    }

    Instance touch(long id, Instant now) {
        return one("UPDATE instance SET updated_at = ? WHERE id = ? RETURNING " + COLUMNS, Timestamp.from(now), id)
                .orElseThrow();
    }

    Instance setDisabled(long id, boolean disabled, Instant now) {
        return one("UPDATE instance SET disabled = ?, updated_at = ? WHERE id = ? RETURNING " + COLUMNS, disabled,
                Timestamp.from(now), id).orElseThrow();
    }

    void markDeleted(long id, Instant now) {
        update("UPDATE instance SET deleted = true, updated_at = ? WHERE id = ?", Timestamp.from(now), id);
    }

    /** The live instances of the element, of every organization, that have a value for the key, by id. */
    List<Long> withValue(String elementKey, String key) {
        return query("""
                SELECT i.id FROM instance i JOIN instance_config c ON c.instance_id = i.id
                WHERE i.element_key = ? AND NOT i.deleted AND c.key = ? AND c.value IS NOT NULL ORDER BY i.id""",
                rs -> rs.getLong(1), elementKey, key);
    }

    /** The name and tags of each instance found, deleted ones included, by id. */
    Map<Long, InstanceLabels.Label> labels(Collection<Long> ids) {
        return query("SELECT id, name, tags::text FROM instance WHERE id = ANY(?)",
                rs -> Map.entry(rs.getLong(1), new InstanceLabels.Label(rs.getString(2), read(rs.getString(3)))),
                (Object) ids.toArray(new Long[0])).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public Optional<TokenInstance> find(long organizationId, String tokenHash) {
        return query("SELECT id, disabled FROM instance WHERE token_hash = ? AND organization_id = ? AND NOT deleted",
                rs -> new TokenInstance(rs.getLong(1), rs.getBoolean(2)), tokenHash, organizationId).stream()
                .findFirst();
    }

    @Override
    public long instances(long organizationId, String elementKey) {
        return query("SELECT count(*) FROM instance WHERE organization_id = ? AND element_key = ? AND NOT deleted",
                rs -> rs.getLong(1), organizationId, elementKey).get(0);
    }

    /** The instance's configuration rows, by id. */
    List<InstanceConfig> configRows(long instanceId) {
        return query("SELECT id, key, value, secret FROM instance_config WHERE instance_id = ? ORDER BY id",
                InstanceStore::config, instanceId);
    }

    Optional<InstanceConfig> configRow(long instanceId, long id) {
        return query("SELECT id, key, value, secret FROM instance_config WHERE id = ? AND instance_id = ?",
                InstanceStore::config, id, instanceId).stream().findFirst();
    }

    void insertConfig(long instanceId, String key, String value, boolean secret) {
        update("INSERT INTO instance_config (instance_id, key, value, secret) VALUES (?, ?, ?, ?)", instanceId, key,
                value, secret);
    }

    void updateConfig(long id, String value, boolean secret) {
        update("UPDATE instance_config SET value = ?, secret = ? WHERE id = ?", value, secret, id);
    }

    void deleteConfig(long id) {
        update("DELETE FROM instance_config WHERE id = ?", id);
    }

    private Instance instance(ResultSet rs) throws SQLException {
        long userId = rs.getLong(3);
        return new Instance(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : userId, rs.getString(4),
                rs.getString(5), read(rs.getString(6)), rs.getString(7), rs.getBoolean(8),
                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant());
    }

    private static InstanceConfig config(ResultSet rs) throws SQLException {
        return new InstanceConfig(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
    }

    private Optional<Instance> one(String sql, Object... parameters) {
        return query(sql, this::instance, parameters).stream().findFirst();
    }

    private <T> List<T> query(String sql, Jdbc.Row<T> row, Object... parameters) {
        return Jdbc.list(dataSource, sql, Jdbc.params(parameters), row, "could not read instances");
    }

    private void update(String sql, Object... parameters) {
        Jdbc.update(dataSource, sql, Jdbc.params(parameters), "could not write an instance");
    }

    private String json(List<String> tags) {
        return JsonStrings.write(mapper, tags);
    }

    private List<String> read(String tags) {
        return JsonStrings.read(mapper, tags);
    }
}
