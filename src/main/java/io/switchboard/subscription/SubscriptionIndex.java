package io.switchboard.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.event.Event;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.store.ClusterSignals;

/**
 * Every subscription in memory, filters compiled, indexed by (instance, collection) and by (organization,
 * element, collection); within those, subscriptions whose filter requires an equality ({@code objectId eq '123'},
 * {@code state eq 'CA' and …}) are filed under it, so that an event is tested only against the subscriptions that
 * can match it. A change on any node invalidates
 * the index on every node ({@link ClusterSignals}); it is reloaded on the next use.
 */
@ApplicationScoped
public class SubscriptionIndex {

    static final String CHANNEL = "switchboard_subscriptions";
    private static final Logger LOG = Logger.getLogger(SubscriptionIndex.class);

    private record Key(long scope, String element, String collection) {
    }

    /**
     * The subscriptions of one key: those whose filter has no {@link Filter#guards() guards}, tested against every
     * event, and the others filed under each guard (by value, or in a range index), tested only against events
     * that satisfy one.
     */
    static final class Bucket {
        final List<Subscription> unguarded = new ArrayList<>();
        final Map<String, FieldIndex> guarded = new HashMap<>();
        int guardedCount;

        /** The subscriptions filed under one field: by value key, and by numeric range. */
        record FieldIndex(Filter.Operand field, Map<String, List<Subscription>> byValue,
                RangeIndex<Subscription> ranges) {
        }

        void add(Subscription s) {
            Set<Filter.Guard> guards = s.filter().guards();
            if (guards == null) {
                unguarded.add(s);
                return;
            }
            guardedCount++;
            for (Filter.Guard guard : guards) {
                FieldIndex index = guarded.computeIfAbsent(guard.fieldKey(),
                        k -> new FieldIndex(guard.field(), new HashMap<>(), new RangeIndex<>()));
                if (guard.isRange()) {
                    index.ranges().add(guard.low(), guard.high(), s);
                } else {
                    index.byValue().computeIfAbsent(guard.valueKey(), k -> new ArrayList<>()).add(s);
                }
            }
        }

        /** Call once all are added. */
        void build() {
            guarded.values().forEach(index -> index.ranges().build());
        }

        void candidates(Filter.Values values, List<Subscription> into) {
            into.addAll(unguarded);
            if (guarded.isEmpty()) {
                return;
            }
            Set<Subscription> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (FieldIndex index : guarded.values()) {
                Object value = index.field().value(values);
                if (value == null) {
                    continue;
                }
                if (!index.byValue().isEmpty()) {
                    for (String key : FilterValues.keys(value)) {
                        List<Subscription> found = index.byValue().get(key);
                        if (found != null) {
                            for (Subscription s : found) {
                                if (seen.add(s)) {
                                    into.add(s);
                                }
                            }
                        }
                    }
                }
                if (index.ranges().size() > 0) {
                    double x = FilterValues.toDouble(value);
                    index.ranges().containing(x, s -> {
                        if (seen.add(s)) {
                            into.add(s);
                        }
                    });
                }
            }
        }

        int size() {
            return unguarded.size() + guardedCount;
        }
    }

    /** {@code slots}: how many distinct object fields the filters read (the size of a {@link Filter.Values}). */
    private record Snapshot(long generation, Map<Key, Bucket> buckets, int slots) {
    }

    @Inject DataSource dataSource;
    @Inject ClusterSignals signals;
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;

    // Before ClusterSignals starts (priority 10): it LISTENs to the channels registered when it connects.
    void listen(@Observes @Priority(1) StartupEvent event) {
        signals.subscribe(CHANNEL, payload -> generation.incrementAndGet());
    }

    /** Call after a change commits: drops this node's index now, and the others' through a signal. */
    public void changed() {
        generation.incrementAndGet();
        signals.publish(CHANNEL, "changed");
    }

    /** The subscriptions the event matches, in no particular order. */
    public List<Subscription> matching(InstanceSettings instance, Event event) {
        Snapshot snapshot = current();
        Map<Key, Bucket> buckets = snapshot.buckets();
        if (buckets.isEmpty()) {
            return List.of();
        }
        Bucket byInstance = buckets.get(new Key(instance.id(), null, event.objectType()));
        Bucket byElement = buckets.get(new Key(-instance.organizationId(), instance.elementKey(), event.objectType()));
        if (byInstance == null && byElement == null) {
            return List.of();
        }
        Filter.Values values = Filter.Values.of(event, snapshot.slots());
        List<Subscription> candidates = new ArrayList<>();
        if (byInstance != null) {
            byInstance.candidates(values, candidates);
        }
        if (byElement != null) {
            byElement.candidates(values, candidates);
        }
        List<Subscription> matching = new ArrayList<>();
        for (Subscription s : candidates) {
            if (s.organizationId() == instance.organizationId() && s.matches(values)) {
                matching.add(s);
            }
        }
        return matching;
    }

    /** Whether any subscription could concern the instance (a quick exit for receipts nobody subscribed to). */
    public boolean isEmpty() {
        return current().buckets().isEmpty();
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        long now = generation.get();
        if (known != null && known.generation() == now) {
            return known;
        }
        synchronized (this) {
            known = snapshot;
            now = generation.get();
            if (known != null && known.generation() == now) {
                return known;
            }
            Map<String, Integer> slots = new HashMap<>();
            Snapshot loaded = new Snapshot(now, load(slots), slots.size());
            snapshot = loaded;
            return loaded;
        }
    }

    private Map<Key, Bucket> load(Map<String, Integer> slots) {
        Map<Key, Bucket> buckets = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + SubscriptionStore.COLUMNS + " FROM subscription")) {
            select.setFetchSize(1000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Subscription s;
                    try {
                        s = SubscriptionStore.row(rs);
                    } catch (FilterSyntaxException e) {
                        LOG.warnf("subscription %s has a filter that no longer parses (%s); it matches nothing",
                                rs.getString("id"), e.getMessage());
                        continue;
                    }
                    s.filter().bind(slots);
                    Key key = s.instanceId() != null ? new Key(s.instanceId(), null, s.collection())
                            : new Key(-s.organizationId(), s.elementKey(), s.collection());
                    buckets.computeIfAbsent(key, k -> new Bucket()).add(s);
                }
            }
            buckets.values().forEach(Bucket::build);
        } catch (SQLException e) {
            throw new IllegalStateException("could not load subscriptions", e);
        }
        return buckets;
    }

    /** For tests and the benchmark: how many subscriptions are indexed. */
    int size() {
        return current().buckets().values().stream().mapToInt(Bucket::size).sum();
    }
}
