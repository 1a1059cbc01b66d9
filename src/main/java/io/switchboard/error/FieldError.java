package io.switchboard.error;

/** A field or configuration key at fault, and what is wrong with it. */
public record FieldError(String field, String message) {
}
