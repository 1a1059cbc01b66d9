package io.switchboard.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console's settings. */
@ConfigMapping(prefix = "switchboard.console")
public interface ConsoleConfig {

    /** A session unused for this long is ended. */
    @WithDefault("8h")
    Duration idleTimeout();
}
