package io.switchboard.console.session;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.console.ConsoleConfig;
import io.switchboard.tenant.Secrets;
import io.switchboard.store.Jdbc;

/**
 * The console's sessions, kept in the {@code console_session} table that this package owns. The cookie carries a
 * random id; the table holds its hash, so a database dump opens no session.
 */
@ApplicationScoped
public class ConsoleSessions {

    @Inject DataSource dataSource;
    @Inject ConsoleConfig config;

    /** A new session; the returned id goes into the cookie and is not kept anywhere. */
    public String open(Optional<Long> organizationId, Optional<Long> userId, boolean admin) {
        String id = Secrets.generate();
        Jdbc.update(dataSource,
                "INSERT INTO console_session (id_hash, csrf_token, organization_id, user_id, admin) VALUES (?, ?, ?, ?, ?)",
                insert -> {
                    insert.setString(1, Secrets.hash(id));
                    insert.setString(2, Secrets.generate());
                    setLong(insert, 3, organizationId);
                    setLong(insert, 4, userId);
                    insert.setBoolean(5, admin);
                }, "could not store the console session");
        return id;
    }

    /** The live session of a cookie value; using it counts as activity (the idle clock restarts). */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Jdbc.first(dataSource, """
                UPDATE console_session SET last_seen_at = now()
                WHERE id_hash = ? AND last_seen_at > now() - make_interval(secs => ?)
                RETURNING id_hash, csrf_token, organization_id, user_id, admin""",
                Jdbc.params(Secrets.hash(id), config.idleTimeout().toMillis() / 1000.0),
                rs -> new ConsoleSession(rs.getString(1), rs.getString(2),
                        Optional.ofNullable(rs.getObject(3, Long.class)), Optional.ofNullable(rs.getObject(4, Long.class)),
                        rs.getBoolean(5)), "could not read the console session");
    }

    public void close(ConsoleSession session) {
        Jdbc.update(dataSource, "DELETE FROM console_session WHERE id_hash = ?", Jdbc.params(session.idHash()),
                "could not end the console session");
    }

    @Scheduled(every = "10m", delayed = "1m")
    void removeIdle() {
        Jdbc.update(dataSource, "DELETE FROM console_session WHERE last_seen_at <= now() - make_interval(secs => ?)",
                Jdbc.params(config.idleTimeout().toMillis() / 1000.0), "could not remove idle console sessions");
    }

    private static void setLong(PreparedStatement statement, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }
}
