package io.switchboard.instance;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.store.ClusterSignals;

/**
 * What the pipeline reads on every webhook, cached. A change invalidates the entry after its commit, here and
 * (through {@link ClusterSignals}) on the other nodes; the generation keeps a load that raced a change from
 * caching what it read; the time limit bounds the staleness if a signal is ever lost.
 */
@ApplicationScoped
class InstanceSettingsCache {

    static final String CHANGED_CHANNEL = "switchboard_instances";
    private static final long CACHE_MILLIS = 10_000;
    private static final int CACHE_MAX = 20_000;

    private record CachedSettings(InstanceSettings settings, long loadedAt) {
    }

    @Inject ClusterSignals signals;
    @Inject TransactionSynchronizationRegistry transactions;
    @Inject Clock clock;

    private final ConcurrentHashMap<Long, CachedSettings> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    /** Instances a transaction is changing: read from the database, never cached, until it ends. */
    private final ConcurrentHashMap<Long, Integer> changing = new ConcurrentHashMap<>();

    void listen(@Observes @Priority(1) StartupEvent event) {
        signals.subscribe(CHANGED_CHANNEL, payload -> forget(Long.parseLong(payload)));
    }

    /** The cached settings of the instance, or what {@code load} reads (and the cache keeps when it may). */
    Optional<InstanceSettings> settings(long id, LongFunction<Optional<InstanceSettings>> load) {
        if (changing.containsKey(id)) {
            return load.apply(id);
        }
        CachedSettings cached = cache.get(id);
        long now = clock.millis();
        if (cached != null && now - cached.loadedAt() < CACHE_MILLIS) {
            return Optional.of(cached.settings());
        }
        long seen = generation.get();
        Optional<InstanceSettings> loaded = load.apply(id);
        if (loaded.isPresent() && generation.get() == seen && !changing.containsKey(id)) {
            if (cache.size() >= CACHE_MAX) {
                cache.clear();
            }
            cache.put(id, new CachedSettings(loaded.get(), now));
        }
        return loaded;
    }

    /** The settings this cache holds for the instance, fresh and not being changed; empty otherwise (no read). */
    Optional<InstanceSettings> cached(long id) {
        CachedSettings cached = changing.containsKey(id) ? null : cache.get(id);
        return cached != null && clock.millis() - cached.loadedAt() < CACHE_MILLIS ? Optional.of(cached.settings())
                : Optional.empty();
    }

    /**
     * Until this transaction ends the instance is read afresh (so that observers in it see the change, and what it
     * has not committed is never cached); after it commits or rolls back, every node's cache drops it.
     */
    void forgetAfterCompletion(long id) {
        changing.merge(id, 1, Integer::sum);
        forget(id);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget(id);
                changing.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
                signals.publish(CHANGED_CHANNEL, Long.toString(id));
            }
        });
    }

    private void forget(long id) {
        generation.incrementAndGet();
        cache.remove(id);
    }
}
