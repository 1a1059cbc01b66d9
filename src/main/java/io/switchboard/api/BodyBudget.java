package io.switchboard.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.SwitchboardConfig;
import io.switchboard.error.HubError;

/**
 * How many request body bytes this node holds at once ({@code switchboard.http.body-budget}), counted from the
 * request's start (its Content-Length) to its response's end. A webhook takes several times its body in heap while
 * it is read, parsed, normalized into events and pages and written; the budget keeps a burst of large webhooks from
 * exhausting the heap: what does not fit is answered 503 with {@code Retry-After} by {@link BodyLimit} before its
 * body is read (vendors retry; nothing was accepted, so nothing is lost). A body larger than the whole budget is
 * taken when nothing else is in flight, so that any body within {@code switchboard.http.max-body} can get in.
 */
@ApplicationScoped
public class BodyBudget {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    public static final String KEY = "switchboard.http.body-budget";

    private final long budget;
    private long inFlight;

    @Inject
    public BodyBudget(SwitchboardConfig config) {
        this(config.http().bodyBudget().map(size -> size.asLongValue())
                .orElse(Runtime.getRuntime().maxMemory() / 32));
    }

    BodyBudget(long budget) {
        this.budget = Math.max(1, budget);
    }

    /** Bytes held by a body until it is ingested; {@link #close()} gives them back. */
    public final class Permit implements AutoCloseable {
        private long held;

        private Permit(long held) {
            this.held = held;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /**
     * Takes {@code bytes} of the budget for one webhook's body, or throws an UNAVAILABLE {@link HubError} (503,
     * {@code Retry-After}) when the bodies in flight leave no room for it.
     */
    public Permit admit(long bytes) {
        synchronized (this) {
            if (inFlight > 0 && inFlight + bytes > budget) {
                throw HubError.unavailable("this hub node is handling " + inFlight + " bytes of request bodies at "
                        + "once and a body of " + bytes + " bytes does not fit its budget of " + budget + " bytes ("
                        + KEY + "); nothing was stored: send it again after " + RETRY_AFTER.toSeconds() + " s",
                        RETRY_AFTER);
            }
            inFlight += bytes;
        }
        return new Permit(bytes);
    }

    private synchronized void release(Permit permit) {
        inFlight -= permit.held;
        permit.held = 0;
    }

    /** Body bytes in flight now. */
    public synchronized long inFlight() {
        return inFlight;
    }

    /** The budget in bytes. */
    public long budget() {
        return budget;
    }
}
