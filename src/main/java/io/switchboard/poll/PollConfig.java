package io.switchboard.poll;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.poll.*}: how this node schedules and runs polls. */
@ConfigMapping(prefix = "switchboard.poll")
public interface PollConfig {

    /** False stops this node from running scheduled polls (the poll-now endpoint still works). */
    @WithDefault("true")
    boolean enabled();

    /** How often the scheduler looks for due instances when it has nothing else to do. */
    @WithDefault("1s")
    Duration tick();

    /**
     * Polls in flight on this node at once; more due instances wait (or go to another node). A poll waiting for its
     * vendor holds no thread, so this is large: polls of a slow vendor must not use up the room of the others.
     */
    @WithDefault("512")
    int maxConcurrent();

    /** Threads for the blocking parts of polls (database, DNS, reading answers); HTTP waits hold none. */
    @WithDefault("4")
    int threads();

    /** Per vendor request, from connecting to the end of the answer. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** A lease on a running poll; a poll still running when it ends fails, and the instance is due again. */
    @WithDefault("5m")
    Duration lease();

    /** Pages followed per resource; a vendor with more fails the poll (nothing is lost: it is retried). */
    @WithDefault("100")
    int maxPages();

    /** Largest vendor answer read. */
    @WithDefault("16M")
    MemorySize maxResponse();

    /** Concurrent requests to one vendor host:port from this node; more wait (their timeout running). */
    @WithDefault("32")
    int maxPerHost();
}
