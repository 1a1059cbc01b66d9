package io.switchboard.subscription;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.event.Event;

/**
 * A compiled filter's tree: {@code and}, {@code or}, {@code not} and comparisons over operands (literals, event
 * fields, the changed object's fields). Each node tests an event through {@link Filter.Values}, which reads each
 * object field once; {@link FilterGuards} derives the index guards from the same tree.
 */
final class FilterTree {

    private FilterTree() {
    }

    /** A compiled expression. */
    interface Node {
        boolean test(Filter.Values values);

        /** Adds the object fields it reads. */
        void fields(List<ObjectField> into);
    }

    /** Every event ({@code true}: the empty filter) or none ({@code false}: a stored one that no longer compiles). */
    record Constant(boolean matches) implements Node {
        public boolean test(Filter.Values values) {
            return matches;
        }

        public void fields(List<ObjectField> into) {
        }
    }

    record And(Node left, Node right) implements Node {
        public boolean test(Filter.Values values) {
            return left.test(values) && right.test(values);
        }

        public void fields(List<ObjectField> into) {
            left.fields(into);
            right.fields(into);
        }
    }

    record Or(Node left, Node right) implements Node {
        public boolean test(Filter.Values values) {
            return left.test(values) || right.test(values);
        }

        public void fields(List<ObjectField> into) {
            left.fields(into);
            right.fields(into);
        }
    }

    record Not(Node operand) implements Node {
        public boolean test(Filter.Values values) {
            return !operand.test(values);
        }

        public void fields(List<ObjectField> into) {
            operand.fields(into);
        }
    }

    /**
     * {@code left op right}: a null (missing) side is equal only to another null; mismatched types (see
     * {@link FilterValues#compare}) are unequal and unordered.
     */
    record Comparison(Filter.Operand left, FilterToken.Kind op, Filter.Operand right) implements Node {
        public boolean test(Filter.Values values) {
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
    }

    record Literal(Object value) implements Filter.Operand {
        public Object value(Filter.Values values) {
            return value;
        }
    }

    record EventField(String name) implements Filter.Operand {
        public Object value(Filter.Values values) {
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

    /** A field of the changed object; {@code slot} is its place in a shared {@link Filter.Values} cache, once bound. */
    static final class ObjectField implements Filter.Operand {
        private final String[] path;
        private final String key;
        int slot = -1;

        ObjectField(String[] path) {
            this.path = path;
            this.key = "object:" + String.join(".", path);
        }

        public Object value(Filter.Values values) {
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
}
