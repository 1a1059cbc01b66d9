package io.switchboard.store;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A list of strings kept in a {@code jsonb} column as a JSON array (an instance's tags, a message's media URLs). */
public final class JsonStrings {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private JsonStrings() {
    }

    /** The JSON array to bind, e.g. as {@code CAST(? AS jsonb)}. */
    public static String write(ObjectMapper mapper, List<String> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The list a column holds; SQL NULL reads as an empty list. */
    public static List<String> read(ObjectMapper mapper, String json) {
        try {
            return json == null ? List.of() : mapper.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value is not a JSON array of strings", e);
        }
    }
}
