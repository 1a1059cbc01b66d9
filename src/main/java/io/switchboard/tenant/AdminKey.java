package io.switchboard.tenant;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.SwitchboardConfig;

/**
 * The admin bearer key: {@code switchboard.admin.key} when configured, else the key generated on first start,
 * of which only the hash is kept (in {@code hub_setting}).
 */
@ApplicationScoped
public class AdminKey {

    private static final String SETTING = "admin_key_hash";

    @Inject SwitchboardConfig config;
    @Inject TenantStore store;
    private volatile String storedHash;

    public boolean matches(String presented) {
        Optional<String> configured = config.admin().key();
        if (configured.isPresent()) {
            return Secrets.matches(presented, Secrets.hash(configured.get()));
        }
        String hash = storedHash();
        return hash != null && Secrets.matches(presented, hash);
    }

    /** Generates and stores a key when none is configured or stored; returns it, or empty when one exists. */
    @Transactional
    Optional<String> generateIfAbsent() {
        if (config.admin().key().isPresent() || storedHash() != null) {
            return Optional.empty();
        }
        String key = Secrets.generate();
        store.insertSetting(SETTING, Secrets.hash(key));
        storedHash = null;
        return storedHash() != null && Secrets.matches(key, storedHash()) ? Optional.of(key) : Optional.empty();
    }

    private String storedHash() {
        if (storedHash == null) {
            storedHash = store.setting(SETTING).orElse(null);
        }
        return storedHash;
    }
}
