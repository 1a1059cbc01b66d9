package io.switchboard.subscription;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values a filter compares: {@code String}, {@code Long}, {@code Double}, {@code BigDecimal}, {@code Boolean},
 * or {@code null} (a missing field or JSON null). Numbers compare by value whatever their Java type, and a string
 * that holds a number compares as one against a number. {@link #keys} gives the index keys under which a value can
 * equal another: two values that {@link #compare} as equal always share a key.
 */
final class FilterValues {

    private FilterValues() {
    }

    /** A JSON node's value: integral numbers as Long, floating ones as Double, big ones as BigDecimal. */
    static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isDouble() || node.isFloat()) {
                return node.doubleValue();
            }
            return node.decimalValue();
        }
        return node.toString();
    }

    /** A number literal as written: Long when integral and small enough, Double when exact, else BigDecimal. */
    static Object number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return value.longValueExact();
        }
        double d = value.doubleValue();
        if (Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(value) == 0) {
            return d;
        }
        return value;
    }

    /** The order of two values, or null when they cannot be compared (different types). */
    static Integer compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        boolean an = a instanceof Number;
        boolean bn = b instanceof Number;
        if (an && bn) {
            return compareNumbers((Number) a, (Number) b);
        }
        if (an && b instanceof String y) {
            BigDecimal n = parse(y);
            return n == null ? null : decimal((Number) a).compareTo(n);
        }
        if (bn && a instanceof String x) {
            BigDecimal n = parse(x);
            return n == null ? null : n.compareTo(decimal((Number) b));
        }
        return null;
    }

    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Integer.signum(Double.compare(x, y));
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (n instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return (BigDecimal) n;
    }

    /** The number a string holds, or null; cheap for strings that plainly hold none. */
    static BigDecimal parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 100) {
            return null;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return null;
            }
        }
        if (!digit) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value as a double for range lookups: numbers, and strings that hold one; NaN for anything else. */
    static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            BigDecimal n = parse(s);
            return n == null ? Double.NaN : n.doubleValue();
        }
        return Double.NaN;
    }

    /** The index keys of a value; values that compare equal share one. Null has none. */
    static List<String> keys(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            BigDecimal n = parse(s);
            return n == null ? List.of("s:" + s) : List.of("s:" + s, numberKey(n));
        }
        if (value instanceof Boolean b) {
            return List.of("b:" + b);
        }
        return List.of(numberKey(decimal((Number) value)));
    }

    private static String numberKey(BigDecimal n) {
        return "n:" + (n.signum() == 0 ? "0" : n.stripTrailingZeros().toString());
    }
}
