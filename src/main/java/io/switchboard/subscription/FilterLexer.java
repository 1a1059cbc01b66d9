package io.switchboard.subscription;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a {@code $filter} into tokens. Keywords are lower case, as in OData; a field is a name or a dotted
 * (or slash-separated) path; strings are single-quoted with {@code ''} for a quote; numbers may be negative and
 * have a fraction and an exponent.
 */
final class FilterLexer {

    private static final Map<String, FilterToken.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("and", FilterToken.Kind.AND), Map.entry("or", FilterToken.Kind.OR),
            Map.entry("not", FilterToken.Kind.NOT), Map.entry("eq", FilterToken.Kind.EQ),
            Map.entry("ne", FilterToken.Kind.NE), Map.entry("gt", FilterToken.Kind.GT),
            Map.entry("ge", FilterToken.Kind.GE), Map.entry("lt", FilterToken.Kind.LT),
            Map.entry("le", FilterToken.Kind.LE), Map.entry("true", FilterToken.Kind.TRUE),
            Map.entry("false", FilterToken.Kind.FALSE), Map.entry("null", FilterToken.Kind.NULL));

    private final String input;
    private int index;

    private FilterLexer(String input) {
        this.input = input;
    }

    static List<FilterToken> tokenize(String input) {
        return new FilterLexer(input).all();
    }

    private List<FilterToken> all() {
        List<FilterToken> tokens = new ArrayList<>();
        while (true) {
            while (index < input.length() && Character.isWhitespace(input.charAt(index))) {
                index++;
            }
            if (index >= input.length()) {
                tokens.add(new FilterToken(FilterToken.Kind.END, "", null, input.length() + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private FilterToken next() {
        int start = index;
        char c = input.charAt(index);
        if (c == '(') {
            index++;
            return new FilterToken(FilterToken.Kind.OPEN, "(", null, start + 1);
        }
        if (c == ')') {
            index++;
            return new FilterToken(FilterToken.Kind.CLOSE, ")", null, start + 1);
        }
        if (c == '\'') {
            return string(start);
        }
        if (Character.isDigit(c) || (c == '-' && index + 1 < input.length()
                && Character.isDigit(input.charAt(index + 1)))) {
            return number(start);
        }
        if (isNameStart(c)) {
            return word(start);
        }
        throw new FilterSyntaxException(start + 1, "a field, a literal, 'not' or '('", "'" + c + "'");
    }

    private FilterToken string(int start) {
        StringBuilder value = new StringBuilder();
        index++;
        while (index < input.length()) {
            char c = input.charAt(index++);
            if (c != '\'') {
                value.append(c);
            } else if (index < input.length() && input.charAt(index) == '\'') {
                value.append('\'');
                index++;
            } else {
                return new FilterToken(FilterToken.Kind.STRING, input.substring(start, index), value.toString(),
                        start + 1);
            }
        }
        throw new FilterSyntaxException(input.length() + 1,
                "a closing quote for the string that starts at position " + (start + 1), "the end of the filter");
    }

    private FilterToken number(int start) {
        if (input.charAt(index) == '-') {
            index++;
        }
        digits();
        if (index + 1 < input.length() && input.charAt(index) == '.' && Character.isDigit(input.charAt(index + 1))) {
            index++;
            digits();
        }
        if (index < input.length() && (input.charAt(index) == 'e' || input.charAt(index) == 'E')) {
            int exponent = index + 1;
            if (exponent < input.length() && (input.charAt(exponent) == '+' || input.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < input.length() && Character.isDigit(input.charAt(exponent))) {
                index = exponent;
                digits();
            }
        }
        if (index < input.length() && isNamePart(input.charAt(index))) {
            throw new FilterSyntaxException(start + 1, "a number", "'" + word(input, start) + "'");
        }
        String text = input.substring(start, index);
        return new FilterToken(FilterToken.Kind.NUMBER, text, new BigDecimal(text), start + 1);
    }

    private void digits() {
        while (index < input.length() && Character.isDigit(input.charAt(index))) {
            index++;
        }
    }

    private FilterToken word(int start) {
        while (true) {
            while (index < input.length() && isNamePart(input.charAt(index))) {
                index++;
            }
            if (index < input.length() && (input.charAt(index) == '.' || input.charAt(index) == '/')) {
                if (index + 1 < input.length() && isNamePart(input.charAt(index + 1))) {
                    index++;
                    continue;
                }
                throw new FilterSyntaxException(index + 2, "a field name after '" + input.charAt(index) + "'",
                        index + 1 < input.length() ? "'" + input.charAt(index + 1) + "'" : "the end of the filter");
            }
            break;
        }
        String text = input.substring(start, index);
        FilterToken.Kind keyword = KEYWORDS.get(text);
        return new FilterToken(keyword == null ? FilterToken.Kind.FIELD : keyword, text, text, start + 1);
    }

    private static String word(String input, int start) {
        int end = start;
        while (end < input.length() && !Character.isWhitespace(input.charAt(end)) && input.charAt(end) != ')') {
            end++;
        }
        return input.substring(start, end);
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c == '@';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
    }
}
