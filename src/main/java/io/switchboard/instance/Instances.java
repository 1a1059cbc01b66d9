package io.switchboard.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.Api;
import io.quarkus.arc.All;
import io.switchboard.api.Problem;
import io.switchboard.api.PublicUrl;
import io.switchboard.element.ElementCatalog;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.store.ClusterSignals;
import io.switchboard.store.SecretBox;
import io.switchboard.tenant.AppUser;
import io.switchboard.tenant.Caller;
import io.switchboard.tenant.Secrets;

/**
 * Instances and their configuration (API.md §4). Every method is scoped by organization: another
 * organization's instance is a 404. Configuration lives in the database and is read on every use, so a change
 * takes effect at once.
 */
@ApplicationScoped
public class Instances {

    private final ElementCatalog catalog;
    private final SecretBox secretBox;
    private final PublicUrl publicUrl;
    private final EntityManager em;
    private final ObjectMapper mapper;
    private final TargetGuard targetGuard;
    private final List<ConfigurationCheck> checks;
    private final Event<InstanceDeleted> deletions;
    private final Event<InstanceChanged> changes;
    private final ClusterSignals signals;
    private final TransactionSynchronizationRegistry transactions;

    /**
     * What the pipeline reads on every webhook, cached. A change invalidates the entry after its commit, here and
     * (through {@link ClusterSignals}) on the other nodes; the generation keeps a load that raced a change from
     * caching what it read; the time limit bounds the staleness if a signal is ever lost.
     */
    private final ConcurrentHashMap<Long, CachedSettings> settingsCache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    /** Instances a transaction is changing: read from the database, never cached, until it ends. */
    private final ConcurrentHashMap<Long, Integer> changing = new ConcurrentHashMap<>();
    private static final long CACHE_MILLIS = 10_000;
    private static final int CACHE_MAX = 20_000;
    static final String CHANGED_CHANNEL = "switchboard_instances";

    private record CachedSettings(InstanceSettings settings, long loadedAt) {
    }

    /**
     * Fired in the transaction that created the instance, changed its configuration or enabled or disabled it,
     * after the change is written, so that work scheduled from the configuration (polling) follows it.
     */
    public record InstanceChanged(long organizationId, long instanceId) {
    }

    /** Fired in the deleting transaction, so that pending work of the instance ends with it. */
    public record InstanceDeleted(long organizationId, long instanceId) {
    }


    public Instances(ElementCatalog catalog, SecretBox secretBox, PublicUrl publicUrl, EntityManager em,
            ObjectMapper mapper, TargetGuard targetGuard, Event<InstanceDeleted> deletions,
            Event<InstanceChanged> changes, ClusterSignals signals, TransactionSynchronizationRegistry transactions,
            @All List<ConfigurationCheck> checks) {
        this.checks = checks;
        this.catalog = catalog;
        this.secretBox = secretBox;
        this.publicUrl = publicUrl;
        this.em = em;
        this.mapper = mapper;
        this.targetGuard = targetGuard;
        this.deletions = deletions;
        this.changes = changes;
        this.signals = signals;
        this.transactions = transactions;
    }

    void listen(@Observes @Priority(1) StartupEvent event) {
        signals.subscribe(CHANGED_CHANNEL, payload -> forget(Long.parseLong(payload)));
    }

    private void forget(long id) {
        generation.incrementAndGet();
        settingsCache.remove(id);
    }

    /** Tells the rest of the hub in this transaction, and every node's settings cache after it ends. */
    private void changed(Instance instance) {
        forgetAfterCompletion(instance.id);
        changes.fire(new InstanceChanged(instance.organizationId, instance.id));
    }

    /**
     * Until this transaction ends the instance is read afresh (so that observers in it see the change, and what it
     * has not committed is never cached); after it commits or rolls back, every node's cache drops it.
     */
    private void forgetAfterCompletion(long id) {
        changing.merge(id, 1, Integer::sum);
        forget(id);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget(id);
                changing.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
                signals.publish(CHANGED_CHANNEL, Long.toString(id));
            }
        });
    }

    @Transactional
    public InstanceView create(Caller caller, InstanceRequest request) {
        if (request.elementKey() == null || request.elementKey().isBlank()) {
            throw Problem.invalidField("element", "is required, e.g. {\"element\": {\"key\": \"twilio\"}}");
        }
        if (request.name() == null) {
            throw Problem.invalidField("name", "is required");
        }
        ElementDescriptor element = catalog.get(caller.organizationId(), request.elementKey());
        Map<String, String> configuration = withoutNulls(request.configuration());
        validate(element, configuration);

        String token = Secrets.generate();
        Instance instance = new Instance();
        instance.organizationId = caller.organizationId();
        instance.userId = caller.userId();
        instance.elementKey = element.key();
        instance.name = request.name();
        instance.tags = request.tags() == null ? new ArrayList<>(List.of(request.name())) : request.tags();
        instance.tokenHash = Secrets.hash(token);
        instance.tokenSealed = secretBox.seal(token);
        instance.createdAt = Instant.now();
        instance.updatedAt = instance.createdAt;
        instance.persist();
        writeConfiguration(instance, element, configuration);
        changed(instance);
        return view(instance, element);
    }

    public InstanceView get(long organizationId, long id) {
        Instance instance = find(organizationId, id);
        return view(instance, catalog.get(organizationId, instance.elementKey));
    }

    /** Instances of the organization that carry every given tag. */
    public List<InstanceView> list(long organizationId, List<String> tags) {
        String json = write(tags == null ? List.of() : tags);
        @SuppressWarnings("unchecked")
        List<Instance> instances = em.createNativeQuery("""
                SELECT * FROM instance WHERE organization_id = ?1 AND NOT deleted AND tags @> CAST(?2 AS jsonb)
                ORDER BY id""", Instance.class)
                .setParameter(1, organizationId).setParameter(2, json).getResultList();
        Map<String, ElementDescriptor> elements = new HashMap<>();
        return instances.stream()
                .map(i -> view(i, elements.computeIfAbsent(i.elementKey, k -> catalog.get(organizationId, k))))
                .toList();
    }

    /** PUT: replaces name, tags and configuration. A secret sent back as "********" keeps its value. */
    @Transactional
    public InstanceView replace(long organizationId, long id, InstanceRequest request) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        keepElement(instance, request);
        if (request.name() == null) {
            throw Problem.invalidField("name", "is required");
        }
        Map<String, String> stored = storedConfiguration(instance.id);
        Map<String, String> configuration = new LinkedHashMap<>();
        withoutNulls(request.configuration()).forEach((key, value) -> configuration.put(key,
                ConfigurationValues.REDACTED.equals(value) && isSecret(element, key) ? stored.get(key) : value));
        configuration.values().removeIf(v -> v == null);
        validate(element, configuration);
        instance.name = request.name();
        instance.tags = request.tags() == null ? new ArrayList<>(List.of(request.name())) : request.tags();
        instance.updatedAt = Instant.now();
        writeConfiguration(instance, element, configuration);
        changed(instance);
        return view(instance, element);
    }

    /** PATCH: name and tags replaced when given; configuration merged key by key, null removing a key. */
    @Transactional
    public InstanceView patch(long organizationId, long id, InstanceRequest request) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        keepElement(instance, request);
        Map<String, String> configuration = storedConfiguration(instance.id);
        request.configuration().forEach((key, value) -> {
            if (value == null) {
                configuration.remove(key);
            } else if (!(ConfigurationValues.REDACTED.equals(value) && isSecret(element, key))) {
                configuration.put(key, value);
            }
        });
        validate(element, configuration);
        if (request.name() != null) {
            instance.name = request.name();
        }
        if (request.tags() != null) {
            instance.tags = request.tags();
        }
        instance.updatedAt = Instant.now();
        writeConfiguration(instance, element, configuration);
        changed(instance);
        return view(instance, element);
    }

    /** Marks the instance deleted: its token, webhook URL and API answer 404 from now on. */
    @Transactional
    public void delete(long organizationId, long id) {
        Instance instance = find(organizationId, id);
        instance.deleted = true;
        instance.updatedAt = Instant.now();
        deletions.fire(new InstanceDeleted(organizationId, id));
        forgetAfterCompletion(id);
    }

    @Transactional
    public InstanceView setEnabled(long organizationId, long id, boolean enabled) {
        Instance instance = find(organizationId, id);
        instance.disabled = !enabled;
        instance.updatedAt = Instant.now();
        changed(instance);
        return view(instance, catalog.get(organizationId, instance.elementKey));
    }

    @Transactional
    public List<InstanceView.ConfigEntry> configuration(long organizationId, long id) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        ensureDeclaredRows(instance, element);
        return configRows(instance.id).stream().map(row -> entry(row, element)).toList();
    }

    public InstanceView.ConfigEntry configurationEntry(long organizationId, long id, long configurationId) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        return entry(configRow(instance.id, configurationId), element);
    }

    /** Sets one entry; {@code propertyValue} null unsets it (the element's default applies again). */
    @Transactional
    public InstanceView.ConfigEntry patchConfigurationEntry(long organizationId, long id, long configurationId,
            String propertyValue) {
        Instance instance = find(organizationId, id);
        ElementDescriptor element = catalog.get(organizationId, instance.elementKey);
        InstanceConfig row = configRow(instance.id, configurationId);
        if (ConfigurationValues.REDACTED.equals(propertyValue) && row.secret) {
            return entry(row, element);
        }
        Map<String, String> configuration = storedConfiguration(instance.id);
        if (propertyValue == null) {
            configuration.remove(row.key);
        } else {
            configuration.put(row.key, propertyValue);
        }
        validate(element, configuration);
        instance.updatedAt = Instant.now();
        writeConfiguration(instance, element, configuration);
        changed(instance);
        return entry(configRow(instance.id, configurationId), element);
    }

    /** The instance as the event pipeline reads it, defaults applied and secrets opened; empty if deleted. */
    public Optional<InstanceSettings> settings(long id) {
        if (changing.containsKey(id)) {
            return loadSettings(id);
        }
        CachedSettings cached = settingsCache.get(id);
        long now = System.currentTimeMillis();
        if (cached != null && now - cached.loadedAt() < CACHE_MILLIS) {
            return Optional.of(cached.settings());
        }
        long seen = generation.get();
        Optional<InstanceSettings> loaded = loadSettings(id);
        if (loaded.isPresent() && generation.get() == seen && !changing.containsKey(id)) {
            if (settingsCache.size() >= CACHE_MAX) {
                settingsCache.clear();
            }
            settingsCache.put(id, new CachedSettings(loaded.get(), now));
        }
        return loaded;
    }

    private Optional<InstanceSettings> loadSettings(long id) {
        Instance instance = Instance.findById(id);
        if (instance == null || instance.deleted) {
            return Optional.empty();
        }
        ElementDescriptor element = catalog.find(instance.organizationId, instance.elementKey).orElse(null);
        if (element == null) {
            return Optional.empty();
        }
        Map<String, String> configuration = new LinkedHashMap<>();
        element.configuration().forEach(key -> {
            if (key.defaultValue() != null) {
                configuration.put(key.key(), key.defaultValue());
            }
        });
        configuration.putAll(storedConfiguration(id));
        return Optional.of(new InstanceSettings(instance.id, instance.organizationId, instance.elementKey,
                instance.name, List.copyOf(instance.tags), instance.disabled, Map.copyOf(configuration)));
    }

    /** The element's rules and the other packages' checks, then the outgoing URLs against the SSRF guard. */
    private void validate(ElementDescriptor element, Map<String, String> configuration) {
        ConfigurationValues.validate(element, configuration, checks);
        List<Problem.FieldError> errors = new ArrayList<>();
        // Keys that name a URL the hub calls are refused when they point inside (API.md §12); the descriptor says
        // which they are; the callback URL, a key of every element, is the delivery check's.
        for (String key : element.outboundUrlKeys()) {
            String url = configuration.get(key);
            if (url != null && !url.isBlank() && !key.equals(EventKeys.CALLBACK_URL)) {
                try {
                    targetGuard.checkConfigured(key, url.trim());
                } catch (TargetRefusedException e) {
                    errors.add(new Problem.FieldError(key, e.getMessage()));
                }
            }
        }
        checks.forEach(check -> check.checkTargets(configuration, errors));
        if (!errors.isEmpty()) {
            throw new Problem(400, errors.stream().map(Problem.FieldError::message)
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors, Map.of());
        }
    }

    public Instance find(long organizationId, long id) {
        Instance instance = Instance.find("id = ?1 and organizationId = ?2 and deleted = false", id, organizationId)
                .firstResult();
        if (instance == null) {
            throw Problem.notFound("no instance has id " + id);
        }
        return instance;
    }

    private InstanceView view(Instance instance, ElementDescriptor element) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (InstanceConfig row : configRows(instance.id)) {
            if (row.value != null) {
                shown.put(row.key, row.secret ? ConfigurationValues.REDACTED : row.value);
            }
        }
        boolean eventsEnabled = Boolean.parseBoolean(shown.getOrDefault(
                EventKeys.ENABLED, "false"));
        AppUser user = instance.userId == null ? null : AppUser.findById(instance.userId);
        return new InstanceView(instance.id, instance.name, secretBox.open(instance.tokenSealed),
                new InstanceView.ElementRef(element.key(), element.name()), List.copyOf(instance.tags), shown, true,
                instance.disabled, eventsEnabled, instance.createdAt, instance.updatedAt,
                publicUrl.of(Api.BASE + "/events/" + element.key() + "/" + instance.id),
                user == null ? null : new InstanceView.UserRef(user.id, user.email,
                        Objects.requireNonNullElse(user.firstName, ""), Objects.requireNonNullElse(user.lastName, "")));
    }

    private InstanceView.ConfigEntry entry(InstanceConfig row, ElementDescriptor element) {
        Optional<ElementDescriptor.ConfigKey> declared = element.configKey(row.key);
        String value = row.value;
        if (value == null) {
            value = declared.map(ElementDescriptor.ConfigKey::defaultValue).orElse(null);
        } else if (row.secret) {
            value = ConfigurationValues.REDACTED;
        }
        return new InstanceView.ConfigEntry(row.id, row.key,
                declared.map(ElementDescriptor.ConfigKey::name).orElse(row.key), value, row.secret);
    }

    /** The values set on the instance (no defaults), secrets opened. */
    private Map<String, String> storedConfiguration(long instanceId) {
        Map<String, String> values = new LinkedHashMap<>();
        for (InstanceConfig row : configRows(instanceId)) {
            if (row.value != null) {
                values.put(row.key, row.secret ? secretBox.open(row.value) : row.value);
            }
        }
        return values;
    }

    /**
     * Makes the rows match {@code configuration}: a row for every declared key (null when unset) and for every
     * extra key that is set. Row ids, the API's configurationIds, stay stable across updates.
     */
    private void writeConfiguration(Instance instance, ElementDescriptor element, Map<String, String> configuration) {
        Map<String, InstanceConfig> rows = new HashMap<>();
        configRows(instance.id).forEach(row -> rows.put(row.key, row));
        for (ElementDescriptor.ConfigKey key : element.configuration()) {
            upsert(instance.id, rows.remove(key.key()), key.key(), configuration.get(key.key()), key.secret());
        }
        for (Map.Entry<String, String> extra : configuration.entrySet()) {
            if (element.configKey(extra.getKey()).isEmpty()) {
                upsert(instance.id, rows.remove(extra.getKey()), extra.getKey(), extra.getValue(), false);
            }
        }
        rows.values().forEach(InstanceConfig::delete);
    }

    private void upsert(long instanceId, InstanceConfig row, String key, String value, boolean secret) {
        if (row == null) {
            row = new InstanceConfig();
            row.instanceId = instanceId;
            row.key = key;
        }
        row.secret = secret;
        row.value = value == null ? null : secret ? secretBox.seal(value) : value;
        if (!row.isPersistent()) {
            row.persist();
        }
    }

    @Transactional
    void ensureDeclaredRows(Instance instance, ElementDescriptor element) {
        List<InstanceConfig> rows = configRows(instance.id);
        for (ElementDescriptor.ConfigKey key : element.configuration()) {
            if (rows.stream().noneMatch(row -> row.key.equals(key.key()))) {
                upsert(instance.id, null, key.key(), null, key.secret());
            }
        }
    }

    private List<InstanceConfig> configRows(long instanceId) {
        return InstanceConfig.list("instanceId = ?1 order by id", instanceId);
    }

    private InstanceConfig configRow(long instanceId, long configurationId) {
        InstanceConfig row = InstanceConfig.find("id = ?1 and instanceId = ?2", configurationId, instanceId)
                .firstResult();
        if (row == null) {
            throw Problem.notFound("instance " + instanceId + " has no configuration entry " + configurationId
                    + "; GET /instances/" + instanceId + "/configuration lists them");
        }
        return row;
    }

    private static void keepElement(Instance instance, InstanceRequest request) {
        if (request.elementKey() != null && !request.elementKey().equals(instance.elementKey)) {
            throw Problem.invalidField("element", "cannot change (the instance is of element '"
                    + instance.elementKey + "'); create a new instance instead");
        }
    }

    private static boolean isSecret(ElementDescriptor element, String key) {
        return element.configKey(key).map(ElementDescriptor.ConfigKey::secret).orElse(false);
    }

    private static Map<String, String> withoutNulls(Map<String, String> configuration) {
        Map<String, String> copy = new LinkedHashMap<>(configuration);
        copy.values().removeIf(v -> v == null);
        return copy;
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
