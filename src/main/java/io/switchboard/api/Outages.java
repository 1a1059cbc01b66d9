package io.switchboard.api;

import io.switchboard.error.HubError;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recognizes a failure that means the database cannot be reached (it is down, restarting or refusing
 * connections), which is answered {@code 503} with {@code Retry-After} instead of {@code 500}: nothing of the request
 * was committed, and the same request will succeed once the database is back.
 */
public final class Outages {

    /** What a caller is told to wait: about what an embedded database's restart with crash recovery takes. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    private static final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos() - 1);

    private Outages() {
    }

    public static HubError databaseProblem() {
        return HubError.unavailable("the hub's database is unreachable just now; nothing of this request was stored. "
                + "Send it again after the Retry-After delay", RETRY_AFTER);
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down, crashed or starting), 53300
     * (too many connections), or a connection pool that could not hand out a connection in time.
     */
    public static boolean databaseUnreachable(Throwable e) {
        return databaseUnreachable(e, 0);
    }

    /** Causes and suppressed ones too: a failed commit carries the driver's error as a suppressed exception. */
    private static boolean databaseUnreachable(Throwable e, int depth) {
        if (e == null || depth > 20) {
            return false;
        }
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                return true;
            }
            String message = sql.getMessage();
            if (state == null && message != null && (message.contains("Acquisition timeout")
                    || message.contains("connection has been closed"))) {
                return true;
            }
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (databaseUnreachable(suppressed, depth + 1)) {
                return true;
            }
        }
        return e.getCause() != e && databaseUnreachable(e.getCause(), depth + 1);
    }

    /** Whether to log this refusal: one line every few seconds, not one a request, during an outage. */
    static boolean logNow() {
        long now = System.nanoTime();
        long last = lastLogged.get();
        return now - last > LOG_EVERY.toNanos() && lastLogged.compareAndSet(last, now);
    }

    /** The innermost message, for the log line. */
    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
