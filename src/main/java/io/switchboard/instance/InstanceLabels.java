package io.switchboard.instance;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The name and tags of instances as a callback shows them, for rendering a batch of notifications: from the settings
 * cache where it holds the instance (no read; on the node that took the webhook it mostly does), else one read for
 * all the others, deleted instances included (a notification of one still renders).
 */
@ApplicationScoped
public class InstanceLabels {

    public record Label(String name, List<String> tags) {
    }

    @Inject InstanceSettingsCache cache;
    @Inject InstanceStore store;

    /** The label of each instance that exists (a removed one is absent), by id. */
    public Map<Long, Label> of(Collection<Long> instanceIds) {
        Map<Long, Label> labels = new HashMap<>();
        Set<Long> unknown = new LinkedHashSet<>();
        for (Long id : instanceIds) {
            Optional<InstanceSettings> cached = cache.cached(id);
            if (cached.isPresent()) {
                labels.put(id, new Label(cached.get().name(), cached.get().tags()));
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            labels.putAll(store.labels(unknown));
        }
        return labels;
    }
}
