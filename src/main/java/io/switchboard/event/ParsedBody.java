package io.switchboard.event;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook body as the normalizer reads it.
 *
 * @param format what the body was
 * @param raw    JSON as JSON, a form as an object of strings (the first value of each name), XML as a text node;
 *               this is the {@code raw} that notifications carry
 * @param form   every value of every form parameter, in order (signature schemes need them all); empty unless
 *               {@code format} is {@link Format#FORM}
 */
public record ParsedBody(Format format, JsonNode raw, Map<String, List<String>> form) {

    public enum Format {
        JSON, FORM, XML
    }

    public ParsedBody {
        form = form == null ? Map.of() : form;
    }
}
