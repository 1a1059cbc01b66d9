package io.switchboard;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Everything under {@code switchboard.*}; see API.md §12 for the meaning of each property. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Where the embedded PostgreSQL, {@code credentials.json} and generated keys live. */
    @WithDefault("data")
    String dataDir();

    /** The URL vendors reach this hub at; unset means {@code http://localhost:<port>}. */
    Optional<String> publicUrl();

    /** How long receipts, events and deliveries are kept. */
    @WithDefault("7d")
    Duration retention();

    Admin admin();

    Bootstrap bootstrap();

    Secrets secrets();

    Http http();

    Delivery delivery();

    Ingest ingest();

    Database database();

    /** The embedded PostgreSQL's supervision; read by {@code SwitchboardMain}, before Quarkus starts. */
    interface Database {
        /** Starts of a dead embedded PostgreSQL tried before {@code /q/health/live} goes DOWN. */
        @WithDefault("15")
        int restartAttempts();

        /** The wait between two such starts. */
        @WithDefault("2s")
        Duration restartEvery();

        /** How long one start may take (crash recovery included) before it counts as failed. */
        @WithDefault("60s")
        Duration restartTimeout();
    }

    interface Ingest {
        /**
         * Threads that write receipts to the database. Each commits together whatever receipts arrived while it
         * last committed (group commit); two let one commit wait for the disk while the other writes.
         */
        @WithDefault("2")
        int writers();

        /** Most receipts committed in one transaction. */
        @WithDefault("128")
        int maxBatch();

        /**
         * How long a writer waits for more receipts before it commits, while requests overlap: a receipt that
         * comes within this of the one before, while that one still waits for its commit. A receipt after a quiet
         * spell, or a lone sender's next one (sent after the last answer), is committed at once. At 1,000
         * webhooks/s, 5 ms halves PostgreSQL's CPU per webhook against 2 ms for ~1.5 ms more median latency
         * (bench/README.md, 2026-12-03 fourth session). {@code 0} turns the wait off.
         */
        @WithDefault("5ms")
        Duration gather();

        /**
         * Where an accepted receipt goes before the vendor's answer (API.md §11): {@code database}, the group
         * commit above; {@code kafka}, the receipt log (topic {@code switchboard.receipts}), stored from there in
         * batches by every node's consumer.
         */
        @WithDefault("database")
        Log log();

        /** The consumer group in which the hub nodes store the receipt log. */
        @WithDefault("switchboard")
        String group();

        /** Most receipt log records stored in one transaction. */
        @WithDefault("1000")
        int logBatch();

        enum Log {
            DATABASE, KAFKA
        }
    }

    interface Admin {
        /** The admin bearer key; generated on first start when unset. */
        Optional<String> key();
    }

    interface Bootstrap {
        Optional<String> organizationSecret();

        Optional<String> userSecret();
    }

    interface Secrets {
        /** Base64 of a 256-bit AES key for instance configuration secrets; generated into the data dir when unset. */
        Optional<String> key();
    }

    interface Http {
        /** Largest accepted request body, e.g. {@code 5M}. */
        @WithDefault("5M")
        MemorySize maxBody();

        /**
         * Request body bytes this node holds at once (read, parsed, normalized, stored) before more requests with
         * a body are answered 503 with {@code Retry-After}: ingesting a webhook takes about 11 times its body in
         * heap for a moment (32 webhooks of 4.5 MB at once: ~1.6 GB). Unset: 1/32 of the maximum heap (8 MB with
         * {@code -Xmx256m}: thousands of 1 KB webhooks at once, or one of 5 MB). A body larger than the budget is
         * taken when nothing else is in flight; one without a Content-Length counts as {@link #maxBody()}.
         */
        Optional<MemorySize> bodyBudget();
    }

    interface Delivery {
        @WithDefault("8s,64s,512s,4096s,32768s")
        List<Duration> retrySchedule();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("false")
        @WithName("allow-private-targets")
        boolean allowPrivateTargets();

        /** Concurrent requests to one callback host:port. */
        @WithDefault("16")
        int maxPerHost();

        /** Concurrent requests in flight from this node. */
        @WithDefault("1024")
        int maxInFlight();

        /** Deliveries claimed per database round trip. */
        @WithDefault("200")
        int batchSize();

        /** False stops this node from sending (it still accepts webhooks), e.g. for an ingest-only node. */
        @WithDefault("true")
        boolean workersEnabled();

        /**
         * Longest wait of an idle node before it looks at the queue again; a delivery another node created wakes it
         * at once (LISTEN/NOTIFY), so this bounds only how late a missed signal is noticed.
         */
        @WithDefault("1s")
        Duration idleLook();

        /**
         * How many of a replay's deliveries may be under way at once (an ordered instance's: one), so that a replay
         * leaves the callback's share of the room to live deliveries.
         */
        @WithDefault("8")
        int replayWindow();

        /** How often every node advances the delivery lanes whose head ended without a worker seeing it. */
        @WithDefault("5s")
        Duration laneSweep();
    }
}
