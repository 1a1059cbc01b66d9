package io.switchboard.subscription;

import java.util.HashSet;
import java.util.Set;

import io.switchboard.subscription.Filter.Guard;
import io.switchboard.subscription.FilterTree.And;
import io.switchboard.subscription.FilterTree.Comparison;
import io.switchboard.subscription.FilterTree.Literal;
import io.switchboard.subscription.FilterTree.Node;
import io.switchboard.subscription.FilterTree.Or;

/**
 * The guards of a filter's tree (see {@link Filter#guards()}): conditions of which a matching event satisfies at
 * least one, or null when there are none.
 */
final class FilterGuards {

    /** Event fields with few distinct values within one collection: poor guards. */
    private static final Set<String> WEAK_FIELDS = Set.of("event:objectType", "event:eventType", "event:elementKey");

    private FilterGuards() {
    }

    static Set<Guard> of(Node node) {
        if (node instanceof And and) {
            return and(of(and.left()), of(and.right()));
        }
        if (node instanceof Or or) {
            return or(of(or.left()), of(or.right()));
        }
        if (node instanceof Comparison comparison) {
            return comparison(comparison);
        }
        return null; // not, constants
    }

    /** Either side's guards hold; two ranges of one field narrow to their intersection. */
    private static Set<Guard> and(Set<Guard> a, Set<Guard> b) {
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

    /** Both sides' guards: a matching event satisfies one side's. */
    private static Set<Guard> or(Set<Guard> a, Set<Guard> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<Guard> both = new HashSet<>(a);
        both.addAll(b);
        return Set.copyOf(both);
    }

    /**
     * How many filters a guard set is likely to let through: equalities fewer than ranges, and ranges fewer than
     * equalities on event fields with a handful of values ({@code eventType}, the collection itself).
     */
    private static int cost(Set<Guard> guards) {
        int cost = guards.size();
        for (Guard guard : guards) {
            cost += guard.isRange() ? 1000 : WEAK_FIELDS.contains(guard.fieldKey()) ? 2000 : 0;
        }
        return cost;
    }

    /** A field compared with a literal: equal to one of the literal's keys, or within a half-open range. */
    private static Set<Guard> comparison(Comparison comparison) {
        Filter.Operand left = comparison.left();
        Filter.Operand right = comparison.right();
        FilterToken.Kind op = comparison.op();
        Filter.Operand field = left.key() != null && right instanceof Literal ? left
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
