package io.switchboard.tenant;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.store.Jdbc;

/**
 * The organizations' failure policies (API.md §7) as delivery reads them when retries run out. Read in the caller's
 * transaction (the same connection), so that a change applies to the next attempt recorded.
 */
@ApplicationScoped
public class FailurePolicies {

    @Inject DataSource dataSource;

    /** Those of {@code organizationIds} whose policy is {@code queue}; the others fail exhausted deliveries. */
    public Set<Long> queueing(Collection<Long> organizationIds) {
        if (organizationIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(Jdbc.list(dataSource,
                "SELECT id FROM organization WHERE id = ANY(?) AND failure_policy = ?", select -> {
                    select.setArray(1, Jdbc.bigints(select, organizationIds));
                    select.setString(2, Organization.FailurePolicy.queue.name());
                }, rs -> rs.getLong(1), "could not read the organizations' failure policies"));
    }
}
