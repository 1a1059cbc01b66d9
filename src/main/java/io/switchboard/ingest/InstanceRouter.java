package io.switchboard.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.HubError;
import io.switchboard.element.EventKeys;
import io.switchboard.element.rule.JsonPaths;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.ElementInstancesHeader;

/**
 * Finds the instance(s) a vendor webhook is for (API.md §5): the path's id or its base64, the
 * {@code Element-Instances} header, or the instances whose {@code event.notification.instance.finder} matches
 * the body.
 */
@ApplicationScoped
public class InstanceRouter {

    @Inject Instances instances;

    /** The instance of a path reference: {@code 7}, or its base64 ({@code Nw==}, standard or URL-safe). */
    public InstanceSettings byReference(String elementKey, String reference) {
        return decode(reference).flatMap(instances::settings)
                .filter(instance -> instance.elementKey().equals(elementKey))
                .orElseThrow(() -> HubError.notFound("no " + elementKey + " instance answers at this webhook URL ("
                        + reference + "); the instance's webhookUrl gives the right one"));
    }

    /**
     * {@link #byReference} when this node has the instance's settings cached (nothing is read); empty when it has
     * not, or when the reference names no instance of the element (then {@link #byReference} answers).
     */
    public Optional<InstanceSettings> cachedByReference(String elementKey, String reference) {
        return decode(reference).flatMap(instances::cachedSettings)
                .filter(instance -> instance.elementKey().equals(elementKey));
    }

    /** The instances listed in an {@code Element-Instances} header, each of the element. */
    public List<InstanceSettings> byHeader(String elementKey, String header) {
        List<InstanceSettings> found = new ArrayList<>();
        for (String reference : ElementInstancesHeader.parse(header)) {
            found.add(byReference(elementKey, reference));
        }
        if (found.isEmpty()) {
            throw HubError.invalidField("Element-Instances", "must list instance ids, e.g. 7,8");
        }
        return found;
    }

    /** Instances of the element whose finder {@code configKey|payload.path} matches the body. */
    public List<InstanceSettings> byFinder(String elementKey, JsonNode body) {
        JsonNode root = body != null && body.isArray() && body.size() > 0 ? body.get(0) : body;
        List<InstanceSettings> matched = new ArrayList<>();
        for (InstanceSettings instance : instances.settingsWithValue(elementKey, EventKeys.INSTANCE_FINDER)) {
            String[] finder = instance.get(EventKeys.INSTANCE_FINDER).orElse("").split("\\|", 2);
            if (finder.length == 2 && root != null) {
                String expected = instance.get(finder[0].trim()).orElse(null);
                String actual = JsonPaths.text(JsonPaths.resolve(root, finder[1].trim()));
                if (expected != null && expected.equals(actual)) {
                    matched.add(instance);
                }
            }
        }
        if (matched.isEmpty()) {
            throw HubError.notFound("no " + elementKey + " instance matches this webhook: post to an instance's "
                    + "webhookUrl, name it in an Element-Instances header, or configure "
                    + EventKeys.INSTANCE_FINDER);
        }
        return matched;
    }

    static Optional<Long> decode(String reference) {
        if (reference.matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(reference));
        }
        try {
            String normalized = reference.replace('-', '+').replace('_', '/');
            while (normalized.length() % 4 != 0) {
                normalized += "=";
            }
            String decoded = new String(Base64.getDecoder().decode(normalized), StandardCharsets.UTF_8).trim();
            return decoded.matches("\\d{1,18}") ? Optional.of(Long.parseLong(decoded)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
