package io.switchboard.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.delivery.DeliveryCancellation;
import io.switchboard.event.EventType;
import io.switchboard.store.Jdbc;

/** The {@code subscription} table. Every read is scoped by organization and user. */
@ApplicationScoped
public class SubscriptionStore {

    static final String COLUMNS = "id, organization_id, user_id, title, instance_id, element_key, collection, filter,"
            + " change_types, delivery_address, persist_notifications, format, created_at";

    /** A deleted subscription's pushes not yet delivered: their targets are its notifications'. */
    private static final String CANCEL_PUSHES = DeliveryCancellation.CANCEL_TARGETS_IN
            + "(SELECT '" + PushRenderer.PREFIX + "' || n.id FROM subscription_notification n"
            + " JOIN subscription s ON s.id = n.subscription_id"
            + " WHERE s.id = ? AND s.organization_id = ? AND s.user_id = ?)";

    @Inject DataSource dataSource;

    @Transactional
    public void insert(Subscription s) {
        Jdbc.update(dataSource, "INSERT INTO subscription (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
            insert.setString(1, s.id());
            insert.setLong(2, s.organizationId());
            insert.setLong(3, s.userId());
            insert.setString(4, s.title());
            insert.setObject(5, s.instanceId());
            insert.setString(6, s.elementKey());
            insert.setString(7, s.collection());
            insert.setString(8, s.filter().source());
            insert.setArray(9, insert.getConnection().createArrayOf("text",
                    s.changeTypes().stream().map(Enum::name).toArray()));
            insert.setString(10, s.deliveryAddress());
            insert.setBoolean(11, s.persistNotifications());
            insert.setString(12, s.format().column());
            insert.setObject(13, java.sql.Timestamp.from(s.createdAt()));
        }, "could not store the subscription");
    }

    public List<Subscription> list(long organizationId, long userId) {
        return select("WHERE organization_id = ? AND user_id = ? ORDER BY created_at, id", organizationId, userId,
                null);
    }

    public Optional<Subscription> find(long organizationId, long userId, String id) {
        return select("WHERE organization_id = ? AND user_id = ? AND id = ?", organizationId, userId, id).stream()
                .findFirst();
    }

    /**
     * Deletes the caller's subscription with its notifications, and cancels its pushes not yet delivered.
     *
     * @return whether it existed
     */
    @Transactional
    public boolean delete(long organizationId, long userId, String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement cancel = connection.prepareStatement(CANCEL_PUSHES);
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM subscription WHERE id = ? AND organization_id = ? AND user_id = ?")) {
            cancel.setString(1, "the subscription was deleted");
            for (PreparedStatement statement : List.of(cancel, delete)) {
                int from = statement == cancel ? 2 : 1;
                statement.setString(from, id);
                statement.setLong(from + 1, organizationId);
                statement.setLong(from + 2, userId);
            }
            cancel.executeUpdate();
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete the subscription", e);
        }
    }

    private List<Subscription> select(String where, long organizationId, long userId, String id) {
        return Jdbc.list(dataSource, "SELECT " + COLUMNS + " FROM subscription " + where,
                id == null ? Jdbc.params(organizationId, userId) : Jdbc.params(organizationId, userId, id),
                SubscriptionStore::row, "could not read subscriptions");
    }

    static Subscription row(ResultSet rs) throws SQLException {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String type : (String[]) rs.getArray("change_types").getArray()) {
            types.add(EventType.valueOf(type));
        }
        long instanceId = rs.getLong("instance_id");
        Long instance = rs.wasNull() ? null : instanceId;
        Instant created = rs.getTimestamp("created_at").toInstant();
        return new Subscription(rs.getString("id"), rs.getLong("organization_id"), rs.getLong("user_id"),
                rs.getString("title"), instance, rs.getString("element_key"), rs.getString("collection"),
                Filter.compileStored(rs.getString("filter")), types, rs.getString("delivery_address"),
                rs.getBoolean("persist_notifications"), PushFormat.ofColumn(rs.getString("format")), created);
    }
}
