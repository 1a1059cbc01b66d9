package io.switchboard.element;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.error.HubError;
import io.switchboard.element.signature.WebhookSignatures;
import io.switchboard.element.rule.PollingSpec;

/**
 * The elements an organization can use: the built-ins listed in {@code elements/index.txt} and the
 * organization's own custom elements. A built-in cannot be replaced or deleted.
 */
@ApplicationScoped
public class ElementCatalog {

    static final String INDEX = "elements/index.txt";
    /** Custom elements' ids start here (V10 moves older rows up); built-ins' ids, in their files, are below. */
    public static final long FIRST_CUSTOM_ID = 1001;
    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("[0-9]{1,18}");

    /**
     * The built-in element whose {@code polling} section fills the settings another element's section leaves
     * unset (elements/README.md): its data, not code, says how a plain REST API is polled.
     */
    public static final String POLLING_DEFAULTS = "rest";

    @Inject ElementStore store;
    @Inject ElementUsage usage;
    private final ObjectMapper mapper;
    private final WebhookSignatures signatures;
    private final Map<String, ElementDescriptor> builtIns;
    private final PollingSpec pollingDefaults;

    ElementCatalog(ObjectMapper mapper, WebhookSignatures signatures) {
        this.mapper = mapper;
        this.signatures = signatures;
        this.builtIns = Collections.unmodifiableMap(loadBuiltIns(mapper, signatures));
        this.pollingDefaults = pollingDefaults(builtIns);
    }

    /** Every element the organization can use, built-ins first. */
    public List<ElementDescriptor> list(long organizationId) {
        List<ElementDescriptor> all = new ArrayList<>(builtIns.values());
        store.list(organizationId).stream().map(this::parse).forEach(all::add);
        return all;
    }

    /** The element with this key or, when none has it and it is a number, this numeric id. */
    public Optional<ElementDescriptor> find(long organizationId, String keyOrId) {
        ElementDescriptor builtIn = builtIns.get(keyOrId);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        Optional<ElementDescriptor> custom = store.byKey(organizationId, keyOrId).map(this::parse);
        if (custom.isPresent() || keyOrId == null || !NUMERIC.matcher(keyOrId).matches()) {
            return custom;
        }
        long id = Long.parseLong(keyOrId);
        if (id < FIRST_CUSTOM_ID) {
            return builtIns.values().stream().filter(e -> e.id() != null && e.id() == id).findFirst();
        }
        return store.byId(organizationId, id).map(this::parse);
    }

    public ElementDescriptor get(long organizationId, String keyOrId) {
        return find(organizationId, keyOrId).orElseThrow(() -> HubError.notFound(
                "no element has key or id '" + keyOrId + "'; GET /elements lists them"));
    }

    public boolean isBuiltIn(String key) {
        return builtIns.containsKey(key);
    }

    @Transactional
    public ElementDescriptor create(long organizationId, ElementDescriptor descriptor) {
        descriptor.validate(signatures);
        if (builtIns.containsKey(descriptor.key()) || find(organizationId, descriptor.key()).isPresent()) {
            throw HubError.conflict("an element with key '" + descriptor.key() + "' exists already; choose another key");
        }
        long id = store.insert(organizationId, descriptor.key(), write(descriptor.withId(null)));
        return complete(descriptor.withId(id));
    }

    /** Deletes a custom element, named by key or id; returns its key. */
    @Transactional
    public String delete(long organizationId, String keyOrId) {
        String key = get(organizationId, keyOrId).key();
        if (builtIns.containsKey(key)) {
            throw HubError.conflict("'" + key + "' is a built-in element and cannot be deleted");
        }
        long inUse = usage.instances(organizationId, key);
        if (inUse > 0) {
            throw HubError.conflict("element '" + key + "' still has " + inUse + " instance(s); delete them first");
        }
        store.delete(organizationId, key);
        return key;
    }

    /** Adds the event keys of API.md §4 to elements that produce events, and the polling defaults. */
    private ElementDescriptor complete(ElementDescriptor descriptor) {
        return withEventKeys(descriptor).withPollingDefaults(pollingDefaults);
    }

    private static ElementDescriptor withEventKeys(ElementDescriptor descriptor) {
        if (!descriptor.events().webhook() && !descriptor.events().polling()) {
            return descriptor;
        }
        return descriptor.withExtraKeys(EventKeys.forElement(descriptor));
    }

    private static PollingSpec pollingDefaults(Map<String, ElementDescriptor> builtIns) {
        ElementDescriptor defaults = builtIns.get(POLLING_DEFAULTS);
        if (defaults == null) {
            throw new IllegalStateException("the built-in element " + POLLING_DEFAULTS
                    + " (whose polling section holds the polling defaults) is missing from " + INDEX);
        }
        return defaults.pollingSpec();
    }

    /** A stored custom element, completed. */
    private ElementDescriptor parse(ElementStore.Stored row) {
        try {
            return complete(mapper.readValue(row.descriptor(), ElementDescriptor.class).withId(row.id()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored element descriptor is not readable", e);
        }
    }

    private String write(ElementDescriptor descriptor) {
        try {
            return mapper.writeValueAsString(descriptor);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The built-ins, each parsed, checked and completed once. */
    static Map<String, ElementDescriptor> loadBuiltIns(ObjectMapper mapper, WebhookSignatures signatures) {
        Map<String, ElementDescriptor> loaded = new LinkedHashMap<>();
        for (String file : readIndex()) {
            try (InputStream in = resource("elements/" + file)) {
                ElementDescriptor descriptor = mapper.readValue(in, ElementDescriptor.class);
                descriptor.validate(signatures);
                if (descriptor.id() == null || descriptor.id() < 1 || descriptor.id() >= FIRST_CUSTOM_ID
                        || loaded.values().stream().anyMatch(e -> e.id().equals(descriptor.id()))) {
                    throw new IllegalStateException("a built-in needs an id of its own below " + FIRST_CUSTOM_ID);
                }
                loaded.put(descriptor.key(), withEventKeys(descriptor));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("built-in element descriptor elements/" + file + " is invalid: "
                        + e.getMessage(), e);
            }
        }
        PollingSpec defaults = pollingDefaults(loaded);
        loaded.replaceAll((key, descriptor) -> descriptor.withPollingDefaults(defaults));
        return loaded;
    }

    static List<String> readIndex() {
        try (InputStream in = resource(INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
