package io.switchboard.subscription;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.event.Event;

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
 * for a missing or null field. Mismatched types are unequal and unordered.
 */
public final class Filter {

    /** Event fields, which take precedence over the changed object's fields of the same name. */
    static final Set<String> EVENT_FIELDS = Set.of("objectId", "objectType", "eventType", "elementKey");

    /** Event fields with few distinct values within one collection: poor guards. */
    private static final Set<String> WEAK_FIELDS = Set.of("event:objectType", "event:eventType", "event:elementKey");

    private static final Filter ALL = new Filter("", new Node() {
        public boolean test(Values values) {
            return true;
        }

        public void fields(List<ObjectField> into) {
        }
    });

    private final String source;
    private final Node root;
    private final Set<Guard> guards;

    private Filter(String source, Node root) {
        this.source = source;
        this.root = root;
        this.guards = root.guards();
    }

    /** The longest filter accepted, in characters (API.md §8). */
    public static final int MAX_LENGTH = 4096;
    /** The most comparisons in one filter. */
    public static final int MAX_TERMS = 100;
    /** The deepest nesting of parentheses and {@code not}s. */
    public static final int MAX_DEPTH = 32;

    private static final Logger LOG = Logger.getLogger(Filter.class);

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
        Parser parser = new Parser(FilterLexer.tokenize(source));
        return new Filter(source, parser.filter());
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
            return new Filter(source, new Node() {
                public boolean test(Values values) {
                    return false;
                }

                public void fields(List<ObjectField> into) {
                }
            });
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
            java.util.Arrays.fill(cache, UNREAD);
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
            return other instanceof Guard g && g.fieldKey.equals(fieldKey) && java.util.Objects.equals(g.valueKey,
                    valueKey) && Double.compare(g.low, low) == 0 && Double.compare(g.high, high) == 0;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(fieldKey, valueKey, low, high);
        }
    }

    /** A compiled expression. */
    interface Node {
        boolean test(Values values);

        /** Adds the object fields it reads. */
        void fields(List<ObjectField> into);

        /** See {@link Filter#guards()}; null when there are none. */
        default Set<Guard> guards() {
            return null;
        }
    }

    record And(Node left, Node right) implements Node {
        public boolean test(Values values) {
            return left.test(values) && right.test(values);
        }

        public void fields(List<ObjectField> into) {
            left.fields(into);
            right.fields(into);
        }

        /** Either side's guards hold; two ranges of one field narrow to their intersection. */
        public Set<Guard> guards() {
            Set<Guard> a = left.guards();
            Set<Guard> b = right.guards();
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            if (a.size() == 1 && b.size() == 1) {
                Guard x = a.iterator().next();
                Guard y = b.iterator().next();
                if (x.isRange() && y.isRange() && x.fieldKey().equals(y.fieldKey())) {
                    return Set.of(Guard.range(x.field(), Math.max(x.low(), y.low()), Math.min(x.high(), y.high())));
                }
            }
            return cost(b) < cost(a) ? b : a;
        }

        /**
         * How many filters a guard set is likely to let through: equalities fewer than ranges, and ranges fewer
         * than equalities on event fields with a handful of values ({@code eventType}, the collection itself).
         */
        private static int cost(Set<Guard> guards) {
            int cost = guards.size();
            for (Guard guard : guards) {
                cost += guard.isRange() ? 1000 : WEAK_FIELDS.contains(guard.fieldKey()) ? 2000 : 0;
            }
            return cost;
        }
    }

    record Or(Node left, Node right) implements Node {
        public boolean test(Values values) {
            return left.test(values) || right.test(values);
        }

        public void fields(List<ObjectField> into) {
            left.fields(into);
            right.fields(into);
        }

        public Set<Guard> guards() {
            Set<Guard> a = left.guards();
            Set<Guard> b = right.guards();
            if (a == null || b == null) {
                return null;
            }
            Set<Guard> both = new HashSet<>(a);
            both.addAll(b);
            return Set.copyOf(both);
        }
    }

    record Not(Node operand) implements Node {
        public boolean test(Values values) {
            return !operand.test(values);
        }

        public void fields(List<ObjectField> into) {
            operand.fields(into);
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

    record Literal(Object value) implements Operand {
        public Object value(Values values) {
            return value;
        }
    }

    record EventField(String name) implements Operand {
        public Object value(Values values) {
            Event event = values.event;
            return switch (name) {
                case "objectId" -> event.objectId();
                case "objectType" -> event.objectType();
                case "eventType" -> event.eventType().name();
                default -> event.elementKey();
            };
        }

        public String key() {
            return "event:" + name;
        }
    }

    /** A field of the changed object; {@code slot} is its place in a shared {@link Values} cache, once bound. */
    static final class ObjectField implements Operand {
        private final String[] path;
        private final String key;
        private int slot = -1;

        ObjectField(String[] path) {
            this.path = path;
            this.key = "object:" + String.join(".", path);
        }

        public Object value(Values values) {
            return values.get(this);
        }

        Object read(Event event) {
            JsonNode node = event.object();
            for (String name : path) {
                if (node == null) {
                    return null;
                }
                node = node.isArray() && isIndex(name) ? node.get(Integer.parseInt(name)) : node.get(name);
            }
            return FilterValues.of(node);
        }

        public String key() {
            return key;
        }

        private static boolean isIndex(String name) {
            return !name.isEmpty() && name.length() < 10 && name.chars().allMatch(Character::isDigit);
        }
    }

    record Comparison(Operand left, FilterToken.Kind op, Operand right) implements Node {
        public boolean test(Values values) {
            Object a = left.value(values);
            Object b = right.value(values);
            if (a == null || b == null) {
                boolean bothNull = a == null && b == null;
                return op == FilterToken.Kind.EQ ? bothNull : op == FilterToken.Kind.NE && !bothNull;
            }
            Integer order = FilterValues.compare(a, b);
            if (order == null) {
                return op == FilterToken.Kind.NE;
            }
            return switch (op) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case GT -> order > 0;
                case GE -> order >= 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                default -> throw new IllegalStateException("not a comparison: " + op);
            };
        }

        public void fields(List<ObjectField> into) {
            if (left instanceof ObjectField f) {
                into.add(f);
            }
            if (right instanceof ObjectField f) {
                into.add(f);
            }
        }

        public Set<Guard> guards() {
            Operand field = left.key() != null && right instanceof Literal ? left
                    : right.key() != null && left instanceof Literal ? right : null;
            if (field == null) {
                return null;
            }
            Object value = (field == left ? right : left).value(null);
            if (value == null) {
                return null;
            }
            if (op == FilterToken.Kind.EQ) {
                Set<Guard> guards = new HashSet<>();
                for (String key : FilterValues.keys(value)) {
                    guards.add(Guard.equal(field, key));
                }
                return Set.copyOf(guards);
            }
            if (op == FilterToken.Kind.NE || !(value instanceof Number number)) {
                return null;
            }
            // field > n: the field is a number (or a string holding one) >= n; written n < field, the same.
            boolean fieldAbove = (op == FilterToken.Kind.GT || op == FilterToken.Kind.GE) == (field == left);
            double bound = number.doubleValue();
            return Set.of(fieldAbove ? Guard.range(field, bound, Double.POSITIVE_INFINITY)
                    : Guard.range(field, Double.NEGATIVE_INFINITY, bound));
        }
    }

    /** Recursive descent over the grammar above; one method per rule. */
    private static final class Parser {

        private static final Set<FilterToken.Kind> COMPARISONS = Set.of(FilterToken.Kind.EQ, FilterToken.Kind.NE,
                FilterToken.Kind.GT, FilterToken.Kind.GE, FilterToken.Kind.LT, FilterToken.Kind.LE);
        private static final String OPERAND = "a field or a literal (a 'string', a number, true, false or null)";

        private final List<FilterToken> tokens;
        private int index;

        Parser(List<FilterToken> tokens) {
            this.tokens = tokens;
        }

        Node filter() {
            Node node = or();
            FilterToken end = peek();
            if (end.kind() != FilterToken.Kind.END) {
                throw error(end, "'and', 'or'" + (depth > 0 ? ", ')'" : "") + " or the end of the filter");
            }
            return node;
        }

        private int depth;
        private int nesting;
        private int terms;

        private Node or() {
            Node node = and();
            while (peek().kind() == FilterToken.Kind.OR) {
                index++;
                node = new Or(node, and());
            }
            return node;
        }

        private Node and() {
            Node node = unary();
            while (peek().kind() == FilterToken.Kind.AND) {
                index++;
                node = new And(node, unary());
            }
            return node;
        }

        private Node unary() {
            FilterToken token = peek();
            if (token.kind() == FilterToken.Kind.NOT) {
                index++;
                nest(token);
                Node operand = unary();
                nesting--;
                return new Not(operand);
            }
            if (token.kind() == FilterToken.Kind.OPEN) {
                index++;
                depth++;
                nest(token);
                Node inner = or();
                nesting--;
                FilterToken close = peek();
                if (close.kind() != FilterToken.Kind.CLOSE) {
                    throw error(close, "'and', 'or' or ')' to close the '(' at position " + token.position());
                }
                index++;
                depth--;
                return inner;
            }
            return comparison();
        }

        private void nest(FilterToken token) {
            if (++nesting > MAX_DEPTH) {
                throw new FilterSyntaxException(token.position(), "parentheses and 'not's are nested deeper than "
                        + MAX_DEPTH + " levels, the limit");
            }
        }

        private Node comparison() {
            FilterToken first = peek();
            if (++terms > MAX_TERMS) {
                throw new FilterSyntaxException(first.position(), "the filter has more than " + MAX_TERMS
                        + " comparisons, the limit");
            }
            Operand left = operand("a comparison, 'not' or '('");
            FilterToken op = peek();
            if (!COMPARISONS.contains(op.kind())) {
                throw error(op, "a comparison operator (eq, ne, gt, ge, lt or le) after " + first.describe());
            }
            index++;
            Operand right = operand(OPERAND);
            if (left instanceof Literal && right instanceof Literal) {
                throw error(first, "a field on one side of '" + op.text() + "'");
            }
            return new Comparison(left, op.kind(), right);
        }

        private Operand operand(String expected) {
            FilterToken token = peek();
            Operand operand = switch (token.kind()) {
                case FIELD -> field(token.text());
                case STRING -> new Literal(token.value());
                case NUMBER -> new Literal(FilterValues.number((BigDecimal) token.value()));
                case TRUE -> new Literal(Boolean.TRUE);
                case FALSE -> new Literal(Boolean.FALSE);
                case NULL -> new Literal(null);
                default -> throw error(token, expected);
            };
            index++;
            return operand;
        }

        private static Operand field(String text) {
            String[] path = text.split("[./]");
            if (path.length == 1 && EVENT_FIELDS.contains(path[0])) {
                return new EventField(path[0]);
            }
            List<String> names = new ArrayList<>(List.of(path));
            return new ObjectField(names.toArray(String[]::new));
        }

        private FilterToken peek() {
            return tokens.get(index);
        }

        private static FilterSyntaxException error(FilterToken found, String expected) {
            return new FilterSyntaxException(found.position(), expected, found.describe());
        }
    }
}
