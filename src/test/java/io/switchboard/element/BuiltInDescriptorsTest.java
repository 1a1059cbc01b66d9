package io.switchboard.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain unit test: every descriptor file is listed in the index, loads and validates. */
class BuiltInDescriptorsTest {

    @Test
    void everyDescriptorFileIsIndexed() throws IOException {
        Set<String> files;
        try (Stream<Path> listing = Files.list(Path.of("src/main/resources/elements"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(ElementCatalog.readIndex()));
    }

    @Test
    void builtInsLoadWithEventKeysAdded() {
        Map<String, ElementDescriptor> loaded = ElementCatalog.loadBuiltIns(new ObjectMapper(), io.switchboard.event.Fixtures.SIGNATURES);
        assertEquals(Set.of("twilio", "webhook", "rest", "stripe", "github", "shopify", "hubspot", "zendesk"),
                loaded.keySet());
        loaded.values().forEach(element -> assertTrue(element.configKey(EventKeys.CALLBACK_URL).isPresent(),
                element.key() + " lacks the event keys"));
        assertEquals("polling", loaded.get("rest").events().defaultVendorType());
    }
}
