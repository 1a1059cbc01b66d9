package io.switchboard.instance;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.store.SecretBox;

/**
 * An instance's configuration rows: one per key the element declares (null when unset) and one per extra key that
 * is set, secrets sealed. Row ids, the API's configurationIds, stay stable across updates.
 */
@ApplicationScoped
class InstanceConfiguration {

    @Inject InstanceStore store;
    @Inject SecretBox secretBox;

    /** The values set on the instance (no defaults), secrets opened. */
    Map<String, String> stored(long instanceId) {
        Map<String, String> values = new LinkedHashMap<>();
        for (InstanceConfig row : store.configRows(instanceId)) {
            if (row.value() != null) {
                values.put(row.key(), plain(row));
            }
        }
        return values;
    }

    /** The configuration in effect: the element's defaults, then the values set on the instance. */
    Map<String, String> effective(ElementDescriptor element, long instanceId) {
        Map<String, String> configuration = new LinkedHashMap<>();
        element.configuration().forEach(key -> {
            if (key.defaultValue() != null) {
                configuration.put(key.key(), key.defaultValue());
            }
        });
        configuration.putAll(stored(instanceId));
        return configuration;
    }

    /** The values set on the instance as a read shows them: secrets redacted. */
    Map<String, String> shown(long instanceId) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (InstanceConfig row : store.configRows(instanceId)) {
            if (row.value() != null) {
                shown.put(row.key(), row.secret() ? ConfigurationValues.REDACTED : row.value());
            }
        }
        return shown;
    }

    /** Makes the rows match {@code configuration}. */
    void write(long instanceId, ElementDescriptor element, Map<String, String> configuration) {
        Map<String, InstanceConfig> rows = new HashMap<>();
        store.configRows(instanceId).forEach(row -> rows.put(row.key(), row));
        for (ElementDescriptor.ConfigKey key : element.configuration()) {
            upsert(instanceId, rows.remove(key.key()), key.key(), configuration.get(key.key()), key.secret());
        }
        for (Map.Entry<String, String> extra : configuration.entrySet()) {
            if (element.configKey(extra.getKey()).isEmpty()) {
                upsert(instanceId, rows.remove(extra.getKey()), extra.getKey(), extra.getValue(), false);
            }
        }
        rows.values().forEach(row -> store.deleteConfig(row.id()));
    }

    /** The rows, after adding one for each declared key that has none (an element's new keys). */
    List<InstanceConfig> withDeclaredRows(long instanceId, ElementDescriptor element) {
        List<InstanceConfig> rows = store.configRows(instanceId);
        boolean added = false;
        for (ElementDescriptor.ConfigKey key : element.configuration()) {
            if (rows.stream().noneMatch(row -> row.key().equals(key.key()))) {
                store.insertConfig(instanceId, key.key(), null, key.secret());
                added = true;
            }
        }
        return added ? store.configRows(instanceId) : rows;
    }

    InstanceConfig row(long instanceId, long configurationId) {
        return store.configRow(instanceId, configurationId).orElseThrow(() -> HubError.notFound("instance "
                + instanceId + " has no configuration entry " + configurationId + "; GET /instances/" + instanceId
                + "/configuration lists them"));
    }

    InstanceView.ConfigEntry entry(InstanceConfig row, ElementDescriptor element) {
        Optional<ElementDescriptor.ConfigKey> declared = element.configKey(row.key());
        String value = row.value();
        if (value == null) {
            value = declared.map(ElementDescriptor.ConfigKey::defaultValue).orElse(null);
        } else if (row.secret()) {
            value = ConfigurationValues.REDACTED;
        }
        return new InstanceView.ConfigEntry(row.id(), row.key(),
                declared.map(ElementDescriptor.ConfigKey::name).orElse(row.key()), value, row.secret());
    }

    private void upsert(long instanceId, InstanceConfig row, String key, String value, boolean secret) {
        String stored = value == null ? null : secret ? secretBox.seal(value) : value;
        if (row == null) {
            store.insertConfig(instanceId, key, stored, secret);
        } else if (row.secret() != secret || !Objects.equals(row.value() == null ? null : plain(row), value)) {
            store.updateConfig(row.id(), stored, secret);
        }
    }

    private String plain(InstanceConfig row) {
        return row.secret() ? secretBox.open(row.value()) : row.value();
    }
}
