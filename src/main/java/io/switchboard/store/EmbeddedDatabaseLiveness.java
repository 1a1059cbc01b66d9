package io.switchboard.store;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness is DOWN when the embedded PostgreSQL died and could not be started again: only a restart of the process
 * helps then. An external database being down is a readiness matter (the datasource check), not liveness.
 */
@Liveness
@ApplicationScoped
public class EmbeddedDatabaseLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        boolean failed = EmbeddedDatabase.supervisedFailed().orElse(false);
        return HealthCheckResponse.named("embedded-database").status(!failed)
                .withData("supervised", EmbeddedDatabase.supervisedFailed().isPresent()).build();
    }
}
