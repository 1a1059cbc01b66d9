package io.switchboard.console.element;

import io.quarkus.qute.TemplateData;
import io.switchboard.element.ElementDescriptor;

/** An element in the catalog list, and whether it ships with the hub. */
@TemplateData
public record ElementRow(ElementDescriptor element, boolean builtIn) {
}
