package io.switchboard.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The organizations' failure policies (API.md §7) as delivery reads them when retries run out. Read in the caller's
 * transaction (the same connection), so that a change applies to the next attempt recorded.
 */
@ApplicationScoped
public class FailurePolicies {

    private final DataSource dataSource;

    public FailurePolicies(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Those of {@code organizationIds} whose policy is {@code queue}; the others fail exhausted deliveries. */
    public Set<Long> queueing(Collection<Long> organizationIds) {
        Set<Long> queueing = new HashSet<>();
        if (organizationIds.isEmpty()) {
            return queueing;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM organization WHERE id = ANY(?) AND failure_policy = ?")) {
            select.setArray(1, connection.createArrayOf("bigint", organizationIds.toArray()));
            select.setString(2, Organization.FailurePolicy.queue.name());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    queueing.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the organizations' failure policies", e);
        }
        return queueing;
    }
}
