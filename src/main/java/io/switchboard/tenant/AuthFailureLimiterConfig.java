package io.switchboard.tenant;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code switchboard.auth.failure-limit.*}: how many failed authentications one client address may make before it is
 * answered {@code 429} (API.md §2).
 */
@ConfigMapping(prefix = "switchboard.auth.failure-limit")
public interface AuthFailureLimiterConfig {

    /** False turns the limit off. */
    @WithDefault("true")
    boolean enabled();

    /** Failed authentications one address may make within {@link #window()}; the next one waits. */
    @WithDefault("10")
    int maxFailures();

    /** How long a failure counts against its address. */
    @WithDefault("1m")
    Duration window();

    /** Addresses remembered at once; past this the ones whose failures have all lapsed are forgotten first. */
    @WithDefault("100000")
    int maxAddresses();
}
