package io.switchboard.console.instance;

import java.util.List;
import java.util.Map;

import io.quarkus.qute.TemplateData;
import io.switchboard.element.ElementDescriptor;

/** One input of a configuration form, generated from an element's descriptor key. */
@TemplateData
public record ConfigField(String key, String name, boolean required, boolean secret, String defaultValue,
        String description, String value, String error) {

    /** The form's name for a configuration key (keys hold dots, which are fine in form names). */
    public static final String PREFIX = "config:";

    public String input() {
        return PREFIX + key;
    }

    public String id() {
        return "config-" + key.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public static List<ConfigField> of(ElementDescriptor element, Map<String, String> values,
            Map<String, String> errors) {
        return element.configuration().stream().map(k -> new ConfigField(k.key(), k.name() == null ? k.key() : k.name(),
                k.required(), k.secret(), k.defaultValue(), k.description(), k.secret() ? "" : values.get(k.key()),
                errors.get(k.key()))).toList();
    }
}
