package io.switchboard.subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jboss.logging.Logger;

import io.switchboard.event.Event;
import io.switchboard.subscription.FilterTree.Node;
import io.switchboard.subscription.FilterTree.ObjectField;

/**
 * A compiled {@code $filter} (API.md §8): the OData subset {@code eq ne gt ge lt le}, {@code and}, {@code or},
 * {@code not}, parentheses and string, number, boolean and {@code null} literals, over the event's fields
 * ({@code objectId}, {@code objectType}, {@code eventType}, {@code elementKey}) and the changed object's own
 * fields (dotted paths; a path whose first name is an event field means the event field).
 *
 * <pre>
 * filter     := or END
 * or         := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' or ')' | comparison
 * comparison := operand ('eq'|'ne'|'gt'|'ge'|'lt'|'le') operand
 * operand    := field | string | number | 'true' | 'false' | 'null'
 * </pre>
 *
 * Comparison follows the types (see {@link FilterValues}): strings compare as strings, numbers as numbers (a
 * string field that holds a number compares as one against a number), booleans as booleans; {@code eq null} holds
 * for a missing or null field. Mismatched types are unequal and unordered. {@link FilterParser} parses,
 * {@link FilterTree} holds and tests the tree, {@link FilterGuards} derives its index guards.
 */
public final class Filter {

    /** The longest filter accepted, in characters (API.md §8). */
    public static final int MAX_LENGTH = 4096;
    /** The most comparisons in one filter. */
    public static final int MAX_TERMS = 100;
    /** The deepest nesting of parentheses and {@code not}s. */
    public static final int MAX_DEPTH = 32;

    private static final Logger LOG = Logger.getLogger(Filter.class);
    private static final Filter ALL = new Filter("", new FilterTree.Constant(true));

    private final String source;
    private final Node root;
    private final Set<Guard> guards;

    private Filter(String source, Node root) {
        this.source = source;
        this.root = root;
        this.guards = FilterGuards.of(root);
    }

    /**
     * Parses and compiles; an empty or blank filter matches every event. Within the limits the tree is at most
     * {@link #MAX_TERMS} + {@link #MAX_DEPTH} deep, so that nothing that walks it can run out of stack.
     */
    public static Filter compile(String source) {
        if (source == null || source.isBlank()) {
            return ALL;
        }
        if (source.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(MAX_LENGTH + 1, "the filter is " + source.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        return new Filter(source, FilterParser.parse(source));
    }

    /**
     * A filter read back from the database. One stored before today's limits that no longer compiles matches no
     * event (and says so in the log) rather than failing every read of its organization's subscriptions.
     */
    static Filter compileStored(String source) {
        try {
            return compile(source);
        } catch (FilterSyntaxException e) {
            LOG.warnf("A stored subscription filter no longer compiles (%s); it matches no event until replaced",
                    e.getMessage());
            return new Filter(source, new FilterTree.Constant(false));
        }
    }

    public boolean test(Event event) {
        return root.test(new Values(event, null));
    }

    /** Tests with the field values of one event shared across filters (see {@link #bind}). */
    boolean test(Values values) {
        return root.test(values);
    }

    /**
     * Gives each field of this filter its slot in a {@link Values} cache shared by all filters bound with the same
     * {@code slots}, so that a field several filters read is read once per event.
     */
    void bind(Map<String, Integer> slots) {
        List<ObjectField> fields = new ArrayList<>();
        root.fields(fields);
        for (ObjectField field : fields) {
            field.slot = slots.computeIfAbsent(field.key(), k -> slots.size());
        }
    }

    /**
     * Conditions of which a matching event satisfies at least one, or null when the filter has none (e.g. a
     * {@code not}, or a string range): equalities ({@code state eq 'CA' and age gt 3} has {state = 'CA'}) and
     * numeric ranges ({@code score ge 1 and score lt 2} has {1 <= score <= 2}); {@code a eq 1 or b gt 2} has both.
     * The subscription index files the filter under them, so that an event is tested only against the filters
     * that can match it.
     */
    public Set<Guard> guards() {
        return guards;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    /** An event and the values of its fields read so far (a slot holds {@code UNREAD} until read). */
    static final class Values {
        private static final Object UNREAD = new Object();
        final Event event;
        private final Object[] cache;

        Values(Event event, Object[] cache) {
            this.event = event;
            this.cache = cache;
        }

        static Values of(Event event, int slots) {
            Object[] cache = new Object[slots];
            Arrays.fill(cache, UNREAD);
            return new Values(event, cache);
        }

        Object get(ObjectField field) {
            int slot = field.slot;
            if (cache == null || slot < 0 || slot >= cache.length) {
                return field.read(event);
            }
            Object value = cache[slot];
            if (value == UNREAD) {
                value = field.read(event);
                cache[slot] = value;
            }
            return value;
        }
    }

    /**
     * One condition a filter requires of a field ({@code fieldKey} names it, {@code field} reads it): either its
     * value has index key {@code valueKey} (see {@link FilterValues#keys}), or ({@code valueKey} null) it is a
     * number within {@code low..high}, both inclusive (a superset of what the filter asks: a guard only narrows
     * which filters are tested).
     */
    public record Guard(String fieldKey, Operand field, String valueKey, double low, double high) {

        static Guard equal(Operand field, String valueKey) {
            return new Guard(field.key(), field, valueKey, 0, 0);
        }

        static Guard range(Operand field, double low, double high) {
            return new Guard(field.key(), field, null, low, high);
        }

        public boolean isRange() {
            return valueKey == null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Guard g && g.fieldKey.equals(fieldKey) && Objects.equals(g.valueKey, valueKey)
                    && Double.compare(g.low, low) == 0 && Double.compare(g.high, high) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(fieldKey, valueKey, low, high);
        }
    }

    /** An operand: its value for an event is one of {@link FilterValues}' types. */
    public interface Operand {
        Object value(Values values);

        /** A field's stable name for indexing; null for a literal. */
        default String key() {
            return null;
        }
    }
}
