package io.switchboard.console;

import io.quarkus.qute.TemplateExtension;

/** Small helpers for console templates. */
@TemplateExtension
final class TemplateExtensions {

    private TemplateExtensions() {
    }

    /** Whether an enum value (a status) has the given name: {@code d.status.is('PENDING')}. */
    static boolean is(Enum<?> value, String name) {
        return value != null && value.name().equals(name);
    }

    /** A value as text, e.g. to compare an id with a form value: {@code i.id.asText}. */
    static String asText(Object value) {
        return String.valueOf(value);
    }
}
