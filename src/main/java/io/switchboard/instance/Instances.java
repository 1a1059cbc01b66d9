package io.switchboard.instance;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.api.Api;
import io.switchboard.error.HubError;
import io.switchboard.api.PublicUrl;
import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.store.SecretBox;
import io.switchboard.tenant.Caller;
import io.switchboard.tenant.Secrets;
import io.switchboard.tenant.Tenants;

/**
 * Instances and their configuration (API.md §4). Every method is scoped by organization: another
 * organization's instance is a 404. Configuration lives in the database and is read on every use, so a change
 * takes effect at once.
 */
@ApplicationScoped
public class Instances {

    @Inject ElementCatalog catalog;
    @Inject InstanceStore store;
    @Inject InstanceConfiguration configuration;
    @Inject InstanceValidation validation;
    @Inject InstanceSettingsCache settings;
    @Inject Tenants tenants;
    @Inject SecretBox secretBox;
    @Inject PublicUrl publicUrl;
    @Inject Event<InstanceDeleted> deletions;
    @Inject Event<InstanceChanged> changes;
    @Inject Clock clock;

    /**
     * Fired in the transaction that created the instance, changed its configuration or enabled or disabled it,
     * after the change is written, so that work scheduled from the configuration (polling) follows it.
     */
    public record InstanceChanged(long organizationId, long instanceId) {
    }

    /** Fired in the deleting transaction, so that pending work of the instance ends with it. */
    public record InstanceDeleted(long organizationId, long instanceId) {
    }

    @Transactional
    public InstanceView create(Caller caller, InstanceRequest request) {
        if (request.elementKey() == null || request.elementKey().isBlank()) {
            throw HubError.invalidField("element", "is required, e.g. {\"element\": {\"key\": \"twilio\"}}");
        }
        requireName(request);
        ElementDescriptor element = catalog.get(caller.organizationId(), request.elementKey());
        Map<String, String> values = withoutNulls(request.configuration());
        validation.validate(element, values);
        String token = Secrets.generate();
        Instance instance = store.insert(caller.organizationId(), caller.userId(), element.key(), request.name(),
                tags(request), Secrets.hash(token), secretBox.seal(token), clock.instant());
        configuration.write(instance.id, element, values);
        return view(changed(instance), element);
    }

    public InstanceView get(long organizationId, long id) {
        Instance instance = find(organizationId, id);
        return view(instance, catalog.get(organizationId, instance.elementKey));
    }

    /** Instances of the organization that carry every given tag. */
    public List<InstanceView> list(long organizationId, List<String> tags) {
        Map<String, ElementDescriptor> elements = new HashMap<>();
        return store.list(organizationId, tags == null ? List.of() : tags).stream()
                .map(i -> view(i, elements.computeIfAbsent(i.elementKey, k -> catalog.get(organizationId, k))))
                .toList();
    }

    /** PUT: replaces name, tags and configuration. A secret sent back as "********" keeps its value. */
    @Transactional
    public InstanceView replace(long organizationId, long id, InstanceRequest request) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = elementOf(instance, request);
        requireName(request);
        Map<String, String> stored = configuration.stored(instance.id);
        Map<String, String> values = new LinkedHashMap<>();
        withoutNulls(request.configuration()).forEach((key, value) -> values.put(key,
                keepsSecret(element, key, value) ? stored.get(key) : value));
        values.values().removeIf(Objects::isNull);
        return view(write(instance, element, values, request.name(), tags(request)), element);
    }

    /** PATCH: name and tags replaced when given; configuration merged key by key, null removing a key. */
    @Transactional
    public InstanceView patch(long organizationId, long id, InstanceRequest request) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = elementOf(instance, request);
        Map<String, String> values = configuration.stored(instance.id);
        request.configuration().forEach((key, value) -> {
            if (value == null) {
                values.remove(key);
            } else if (!keepsSecret(element, key, value)) {
                values.put(key, value);
            }
        });
        return view(write(instance, element, values, Objects.requireNonNullElse(request.name(), instance.name),
                Objects.requireNonNullElse(request.tags(), instance.tags)), element);
    }

    /** Marks the instance deleted: its token, webhook URL and API answer 404 from now on. */
    @Transactional
    public void delete(long organizationId, long id) {
        find(organizationId, id);
        store.markDeleted(id, clock.instant());
        deletions.fire(new InstanceDeleted(organizationId, id));
        settings.forgetAfterCompletion(id);
    }

    @Transactional
    public InstanceView setEnabled(long organizationId, long id, boolean enabled) {
        Instance instance = find(organizationId, id);
        return view(changed(store.setDisabled(instance.id, !enabled, clock.instant())),
                catalog.get(organizationId, instance.elementKey));
    }

    @Transactional
    public List<InstanceView.ConfigEntry> configuration(long organizationId, long id) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        return configuration.withDeclaredRows(instance.id, element).stream()
                .map(row -> configuration.entry(row, element)).toList();
    }

    public InstanceView.ConfigEntry configurationEntry(long organizationId, long id, long configurationId) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        return configuration.entry(configuration.row(instance.id, configurationId), element);
    }

    /** Sets one entry; {@code propertyValue} null unsets it (the element's default applies again). */
    @Transactional
    public InstanceView.ConfigEntry patchConfigurationEntry(long organizationId, long id, long configurationId,
            String propertyValue) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        InstanceConfig row = configuration.row(instance.id, configurationId);
        if (ConfigurationValues.REDACTED.equals(propertyValue) && row.secret()) {
            return configuration.entry(row, element);
        }
        Map<String, String> values = configuration.stored(instance.id);
        if (propertyValue == null) {
            values.remove(row.key());
        } else {
            values.put(row.key(), propertyValue);
        }
        write(instance, element, values, instance.name, instance.tags);
        return configuration.entry(configuration.row(instance.id, configurationId), element);
    }

    /** The instance as the event pipeline reads it, defaults applied and secrets opened; empty if deleted. */
    public Optional<InstanceSettings> settings(long id) {
        return settings.settings(id, this::loadSettings);
    }

    /** {@link #settings(long)} when this node has them cached and fresh; empty otherwise (nothing is read). */
    public Optional<InstanceSettings> cachedSettings(long id) {
        return settings.cached(id);
    }

    /**
     * The live instances of the element, of any organization, that have a value for the configuration key (the
     * candidates of an instance finder), as {@link #settings(long)} reads them.
     */
    public List<InstanceSettings> settingsWithValue(String elementKey, String key) {
        return store.withValue(elementKey, key).stream().flatMap(id -> settings(id).stream()).toList();
    }

    /** The organization's instance, unless deleted; a 404 otherwise. */
    public Instance find(long organizationId, long id) {
        return store.find(organizationId, id).orElseThrow(() -> HubError.notFound("no instance has id " + id));
    }

    private Optional<InstanceSettings> loadSettings(long id) {
        return store.find(id).flatMap(instance -> catalog.find(instance.organizationId, instance.elementKey)
                .map(element -> new InstanceSettings(instance.id, instance.organizationId, instance.elementKey,
                        instance.name, instance.tags, instance.disabled,
                        Map.copyOf(configuration.effective(element, id)))));
    }

    /** Checks and writes the instance as it will be. */
    private Instance write(Instance instance, ElementDescriptor element, Map<String, String> values, String name,
            List<String> tags) {
        validation.validate(element, values);
        Instance renamed = store.rename(instance.id, name, tags, clock.instant());
        configuration.write(instance.id, element, values);
        return changed(renamed);
    }

    /** Tells the rest of the hub in this transaction, and every node's settings cache after it ends. */
    private Instance changed(Instance instance) {
        settings.forgetAfterCompletion(instance.id);
        changes.fire(new InstanceChanged(instance.organizationId, instance.id));
        return instance;
    }

    private InstanceView view(Instance instance, ElementDescriptor element) {
        Map<String, String> shown = configuration.shown(instance.id);
        boolean eventsEnabled = Boolean.parseBoolean(shown.getOrDefault(EventKeys.ENABLED, "false"));
        return new InstanceView(instance.id, instance.name, secretBox.open(instance.tokenSealed),
                new InstanceView.ElementRef(element.key(), element.name()), instance.tags, shown, true,
                instance.disabled, eventsEnabled, instance.createdAt, instance.updatedAt,
                publicUrl.of(Api.BASE + "/events/" + element.key() + "/" + instance.id),
                Optional.ofNullable(instance.userId).flatMap(tenants::user)
                        .map(user -> new InstanceView.UserRef(user.id(), user.email(),
                                Objects.requireNonNullElse(user.firstName(), ""),
                                Objects.requireNonNullElse(user.lastName(), "")))
                        .orElse(null));
    }

    /** The instance's element; a request naming another element is a 400. */
    private ElementDescriptor elementOf(Instance instance, InstanceRequest request) {
        ElementDescriptor element = catalog.get(instance.organizationId, instance.elementKey);
        if (request.elementKey() != null && !request.elementKey().equals(instance.elementKey)) {
            throw HubError.invalidField("element", "cannot change (the instance is of element '"
                    + instance.elementKey + "'); create a new instance instead");
        }
        return element;
    }

    private static void requireName(InstanceRequest request) {
        if (request.name() == null) {
            throw HubError.invalidField("name", "is required");
        }
    }

    private static List<String> tags(InstanceRequest request) {
        return request.tags() == null ? List.of(request.name()) : request.tags();
    }

    private static boolean keepsSecret(ElementDescriptor element, String key, String value) {
        return ConfigurationValues.REDACTED.equals(value)
                && element.configKey(key).map(ElementDescriptor.ConfigKey::secret).orElse(false);
    }

    private static Map<String, String> withoutNulls(Map<String, String> configuration) {
        Map<String, String> copy = new LinkedHashMap<>(configuration);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }
}
