package io.switchboard.element.rule;

/** A descriptor's {@code webhook} section is malformed; the message names the field, e.g. {@code webhook.event.objectId}. */
public class InvalidRuleException extends IllegalArgumentException {

    private final String field;

    public InvalidRuleException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
