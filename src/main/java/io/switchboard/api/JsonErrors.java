package io.switchboard.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * JSON limits and JSON errors in plain words. Jackson's own messages name Java types, its features and its limits'
 * getters; what a caller reads here says only where the JSON went wrong and how.
 */
public final class JsonErrors {

    /** The deepest nesting of arrays and objects accepted in any JSON body (API.md §1). */
    public static final int MAX_NESTING_DEPTH = 100;

    private static final Pattern QUOTED_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Za-z0-9_$.]*");
    private static final int MAX_REASON = 160;

    private JsonErrors() {
    }

    /** The read limits of every JSON parser of the hub. */
    public static StreamReadConstraints readConstraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    }

    /** {@code mapper} with {@link #readConstraints()}. */
    public static ObjectMapper bounded(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(readConstraints());
        return mapper;
    }

    /** What went wrong in {@code subject} (e.g. "the request body"), without Java names. */
    public static String describe(JsonProcessingException e, String subject) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (e instanceof StreamConstraintsException) {
            return subject + " is over a limit" + where + ": " + constraint(e.getOriginalMessage());
        }
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Trailing token")) {
            return subject + " has more after its JSON value" + where + "; send a single JSON value";
        }
        if (e instanceof JsonParseException) {
            return subject + " is not valid JSON" + where + ": " + reason(original);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = fieldPath(mapping);
            if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
                return field + " has a value of the wrong type" + where;
            }
            return field + " could not be read" + where;
        }
        if (e instanceof MismatchedInputException) {
            if (original.startsWith("No content") || original.contains("end-of-input")) {
                return subject + " is empty or cut short; expected JSON";
            }
            return subject + " has the wrong JSON shape" + where
                    + "; see /q/swagger-ui for the expected body";
        }
        return subject + " is not valid JSON" + where;
    }

    /** {@code text} with anything that reads like a Java or library name taken out. */
    public static String withoutJavaNames(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = QUOTED_CODE.matcher(text).replaceAll("a value");
        return JAVA_NAME.matcher(cleaned).replaceAll(match -> looksLikeJava(match.group()) ? "a value"
                : Matcher.quoteReplacement(match.group()));
    }

    private static boolean looksLikeJava(String dotted) {
        return dotted.startsWith("java.") || dotted.startsWith("javax.") || dotted.startsWith("jakarta.")
                || dotted.startsWith("com.") || dotted.startsWith("org.") || dotted.startsWith("io.")
                || dotted.startsWith("sun.") || dotted.matches(".*\\.[A-Z][A-Za-z0-9_$]*$");
    }

    private static String constraint(String original) {
        String text = String.valueOf(original);
        if (text.contains("nesting depth")) {
            return "arrays and objects are nested deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (text.contains("Number value length")) {
            return "a number has too many digits";
        }
        if (text.contains("String value length")) {
            return "a string is too long";
        }
        if (text.contains("Name length")) {
            return "a field name is too long";
        }
        return "the JSON is too large";
    }

    private static String reason(String original) {
        String line = original.split("\n")[0];
        int bound = line.indexOf(" (bound as");
        if (bound >= 0) {
            line = line.substring(0, bound);
        }
        line = withoutJavaNames(line).replaceAll("'([^']{24})[^']+'", "'$1…'");
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the body" : path.toString();
    }
}
