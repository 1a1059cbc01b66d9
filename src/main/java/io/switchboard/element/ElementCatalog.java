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
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.Problem;

/**
 * The elements an organization can use: the built-ins listed in {@code elements/index.txt} and the
 * organization's own custom elements. A built-in cannot be replaced or deleted.
 */
@ApplicationScoped
public class ElementCatalog {

    static final String INDEX = "elements/index.txt";

    private final Map<String, ElementDescriptor> builtIns;
    private final EntityManager em;
    private final ObjectMapper mapper;

    public ElementCatalog(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
        this.builtIns = Collections.unmodifiableMap(loadBuiltIns(mapper));
    }

    /** Every element the organization can use, built-ins first. */
    public List<ElementDescriptor> list(long organizationId) {
        List<ElementDescriptor> all = new ArrayList<>(builtIns.values());
        @SuppressWarnings("unchecked")
        List<String> custom = em.createNativeQuery(
                "SELECT descriptor::text FROM element WHERE organization_id = ?1 ORDER BY key")
                .setParameter(1, organizationId).getResultList();
        custom.stream().map(this::parse).map(ElementCatalog::complete).forEach(all::add);
        return all;
    }

    public Optional<ElementDescriptor> find(long organizationId, String key) {
        ElementDescriptor builtIn = builtIns.get(key);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(
                "SELECT descriptor::text FROM element WHERE organization_id = ?1 AND key = ?2")
                .setParameter(1, organizationId).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(this::parse).map(ElementCatalog::complete);
    }

    public ElementDescriptor get(long organizationId, String key) {
        return find(organizationId, key).orElseThrow(() -> Problem.notFound(
                "no element has key '" + key + "'; GET /elements lists them"));
    }

    public boolean isBuiltIn(String key) {
        return builtIns.containsKey(key);
    }

    @Transactional
    public ElementDescriptor create(long organizationId, ElementDescriptor descriptor) {
        descriptor.validate();
        if (builtIns.containsKey(descriptor.key()) || find(organizationId, descriptor.key()).isPresent()) {
            throw Problem.conflict("an element with key '" + descriptor.key() + "' exists already; choose another key");
        }
        em.createNativeQuery("INSERT INTO element (organization_id, key, descriptor) VALUES (?1, ?2, CAST(?3 AS jsonb))")
                .setParameter(1, organizationId).setParameter(2, descriptor.key())
                .setParameter(3, write(descriptor)).executeUpdate();
        return complete(descriptor);
    }

    @Transactional
    public void delete(long organizationId, String key) {
        if (builtIns.containsKey(key)) {
            throw Problem.conflict("'" + key + "' is a built-in element and cannot be deleted");
        }
        get(organizationId, key);
        Number inUse = (Number) em.createNativeQuery(
                "SELECT count(*) FROM instance WHERE organization_id = ?1 AND element_key = ?2 AND NOT deleted")
                .setParameter(1, organizationId).setParameter(2, key).getSingleResult();
        if (inUse.longValue() > 0) {
            throw Problem.conflict("element '" + key + "' still has " + inUse + " instance(s); delete them first");
        }
        em.createNativeQuery("DELETE FROM element WHERE organization_id = ?1 AND key = ?2")
                .setParameter(1, organizationId).setParameter(2, key).executeUpdate();
    }

    /** Adds the event keys of API.md §4 to elements that produce events. */
    static ElementDescriptor complete(ElementDescriptor descriptor) {
        if (!descriptor.events().webhook() && !descriptor.events().polling()) {
            return descriptor;
        }
        return descriptor.withExtraKeys(EventKeys.forElement(descriptor));
    }

    private ElementDescriptor parse(String json) {
        try {
            return mapper.readValue(json, ElementDescriptor.class);
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

    static Map<String, ElementDescriptor> loadBuiltIns(ObjectMapper mapper) {
        Map<String, ElementDescriptor> loaded = new LinkedHashMap<>();
        for (String file : readIndex()) {
            try (InputStream in = resource("elements/" + file)) {
                ElementDescriptor descriptor = mapper.readValue(in, ElementDescriptor.class);
                descriptor.validate();
                loaded.put(descriptor.key(), complete(descriptor));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("built-in element descriptor elements/" + file + " is invalid: "
                        + e.getMessage(), e);
            }
        }
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
