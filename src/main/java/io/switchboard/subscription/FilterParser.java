package io.switchboard.subscription;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import io.switchboard.subscription.FilterTree.Comparison;
import io.switchboard.subscription.FilterTree.EventField;
import io.switchboard.subscription.FilterTree.Literal;
import io.switchboard.subscription.FilterTree.Node;
import io.switchboard.subscription.FilterTree.ObjectField;

/**
 * Recursive descent over {@link Filter}'s grammar, one method per rule, within the limits
 * {@link Filter#MAX_TERMS} and {@link Filter#MAX_DEPTH}.
 */
final class FilterParser {

    /** Event fields, which take precedence over the changed object's fields of the same name. */
    static final Set<String> EVENT_FIELDS = Set.of("objectId", "objectType", "eventType", "elementKey");

    private static final Set<FilterToken.Kind> COMPARISONS = Set.of(FilterToken.Kind.EQ, FilterToken.Kind.NE,
            FilterToken.Kind.GT, FilterToken.Kind.GE, FilterToken.Kind.LT, FilterToken.Kind.LE);
    private static final String OPERAND = "a field or a literal (a 'string', a number, true, false or null)";

    private final List<FilterToken> tokens;
    private int index;
    private int depth;
    private int nesting;
    private int terms;

    private FilterParser(List<FilterToken> tokens) {
        this.tokens = tokens;
    }

    /** {@code filter := or END} */
    static Node parse(String source) {
        FilterParser parser = new FilterParser(FilterLexer.tokenize(source));
        Node node = parser.or();
        FilterToken end = parser.peek();
        if (end.kind() != FilterToken.Kind.END) {
            throw error(end, "'and', 'or'" + (parser.depth > 0 ? ", ')'" : "") + " or the end of the filter");
        }
        return node;
    }

    /** {@code or := and ('or' and)*} */
    private Node or() {
        return chain(FilterToken.Kind.OR, this::and, FilterTree.Or::new);
    }

    /** {@code and := unary ('and' unary)*} */
    private Node and() {
        return chain(FilterToken.Kind.AND, this::unary, FilterTree.And::new);
    }

    private Node chain(FilterToken.Kind joint, Supplier<Node> operand, BinaryOperator<Node> join) {
        Node node = operand.get();
        while (peek().kind() == joint) {
            index++;
            node = join.apply(node, operand.get());
        }
        return node;
    }

    /** {@code unary := 'not' unary | '(' or ')' | comparison} */
    private Node unary() {
        FilterToken token = peek();
        if (token.kind() == FilterToken.Kind.NOT) {
            index++;
            nest(token);
            Node operand = unary();
            nesting--;
            return new FilterTree.Not(operand);
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
        if (++nesting > Filter.MAX_DEPTH) {
            throw new FilterSyntaxException(token.position(), "parentheses and 'not's are nested deeper than "
                    + Filter.MAX_DEPTH + " levels, the limit");
        }
    }

    /** {@code comparison := operand ('eq'|'ne'|'gt'|'ge'|'lt'|'le') operand} */
    private Node comparison() {
        FilterToken first = peek();
        if (++terms > Filter.MAX_TERMS) {
            throw new FilterSyntaxException(first.position(), "the filter has more than " + Filter.MAX_TERMS
                    + " comparisons, the limit");
        }
        Filter.Operand left = operand("a comparison, 'not' or '('");
        FilterToken op = peek();
        if (!COMPARISONS.contains(op.kind())) {
            throw error(op, "a comparison operator (eq, ne, gt, ge, lt or le) after " + first.describe());
        }
        index++;
        Filter.Operand right = operand(OPERAND);
        if (left instanceof Literal && right instanceof Literal) {
            throw error(first, "a field on one side of '" + op.text() + "'");
        }
        return new Comparison(left, op.kind(), right);
    }

    /** {@code operand := field | string | number | 'true' | 'false' | 'null'} */
    private Filter.Operand operand(String expected) {
        FilterToken token = peek();
        Filter.Operand operand = switch (token.kind()) {
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

    /** A dotted (or slashed) path; one name that is an event field means the event field. */
    private static Filter.Operand field(String text) {
        String[] path = text.split("[./]");
        if (path.length == 1 && EVENT_FIELDS.contains(path[0])) {
            return new EventField(path[0]);
        }
        return new ObjectField(path);
    }

    private FilterToken peek() {
        return tokens.get(index);
    }

    private static FilterSyntaxException error(FilterToken found, String expected) {
        return new FilterSyntaxException(found.position(), expected, found.describe());
    }
}
