package io.switchboard.console.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.console.ConsoleConfig;
import io.switchboard.tenant.Secrets;

/**
 * The console's sessions, kept in the {@code console_session} table that this package owns. The cookie carries a
 * random id; the table holds its hash, so a database dump opens no session.
 */
@ApplicationScoped
public class ConsoleSessions {

    private final DataSource dataSource;
    private final ConsoleConfig config;

    public ConsoleSessions(DataSource dataSource, ConsoleConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** A new session; the returned id goes into the cookie and is not kept anywhere. */
    public String open(Optional<Long> organizationId, Optional<Long> userId, boolean admin) {
        String id = Secrets.generate();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO console_session (id_hash, csrf_token, organization_id, user_id, admin) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, Secrets.hash(id));
            insert.setString(2, Secrets.generate());
            setLong(insert, 3, organizationId);
            setLong(insert, 4, userId);
            insert.setBoolean(5, admin);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the console session", e);
        }
        return id;
    }

    /** The live session of a cookie value; using it counts as activity (the idle clock restarts). */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement touch = connection.prepareStatement("""
                UPDATE console_session SET last_seen_at = now()
                WHERE id_hash = ? AND last_seen_at > now() - make_interval(secs => ?)
                RETURNING id_hash, csrf_token, organization_id, user_id, admin""")) {
            touch.setString(1, Secrets.hash(id));
            touch.setDouble(2, config.idleTimeout().toMillis() / 1000.0);
            try (ResultSet rs = touch.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ConsoleSession(rs.getString(1), rs.getString(2),
                        Optional.ofNullable(rs.getObject(3, Long.class)), Optional.ofNullable(rs.getObject(4, Long.class)),
                        rs.getBoolean(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the console session", e);
        }
    }

    public void close(ConsoleSession session) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM console_session WHERE id_hash = ?")) {
            delete.setString(1, session.idHash());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not end the console session", e);
        }
    }

    @Scheduled(every = "10m", delayed = "1m")
    void removeIdle() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM console_session WHERE last_seen_at <= now() - make_interval(secs => ?)")) {
            delete.setDouble(1, config.idleTimeout().toMillis() / 1000.0);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove idle console sessions", e);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }
}
