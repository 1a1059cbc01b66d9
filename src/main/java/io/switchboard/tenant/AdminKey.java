package io.switchboard.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.SwitchboardConfig;

/**
 * The admin bearer key: {@code switchboard.admin.key} when configured, else the key generated on first start,
 * of which only the hash is kept (in {@code hub_setting}).
 */
@ApplicationScoped
public class AdminKey {

    private static final String SETTING = "admin_key_hash";

    private final SwitchboardConfig config;
    private final EntityManager em;
    private volatile String storedHash;

    public AdminKey(SwitchboardConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
    }

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
        em.createNativeQuery("INSERT INTO hub_setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")
                .setParameter(1, SETTING).setParameter(2, Secrets.hash(key)).executeUpdate();
        storedHash = null;
        return storedHash() != null && Secrets.matches(key, storedHash()) ? Optional.of(key) : Optional.empty();
    }

    private String storedHash() {
        if (storedHash == null) {
            List<?> rows = em.createNativeQuery("SELECT value FROM hub_setting WHERE key = ?1")
                    .setParameter(1, SETTING).getResultList();
            storedHash = rows.isEmpty() ? null : (String) rows.get(0);
        }
        return storedHash;
    }
}
