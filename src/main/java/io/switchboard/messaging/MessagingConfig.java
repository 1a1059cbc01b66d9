package io.switchboard.messaging;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code switchboard.messaging.*}: how messages are sent to Twilio. The background retries of async messages
 * follow {@code switchboard.delivery.retry-schedule}, like deliveries.
 */
@ConfigMapping(prefix = "switchboard.messaging")
public interface MessagingConfig {

    /** How long one call to Twilio may take. */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Delays before the retries of a synchronous send after a 429, a 5xx or no answer: three retries, four attempts
     * within about five seconds. A Twilio {@code Retry-After} longer than the delay it replaces ends the send.
     */
    @WithDefault("250ms,750ms,2s")
    List<Duration> syncRetrySchedule();

    /** False stops this node from sending async messages (it still accepts them). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Async messages sent at once by this node. */
    @WithDefault("32")
    int concurrency();
}
