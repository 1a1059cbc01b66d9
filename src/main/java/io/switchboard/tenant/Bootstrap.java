package io.switchboard.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.SwitchboardConfig;
import io.switchboard.store.SecretBox;

/**
 * First start: when no organization exists, creates organization {@code default} with user
 * {@code admin@localhost} (and an admin key when none is configured), prints the generated secrets once and
 * writes them to {@code <data-dir>/credentials.json} (mode 0600). Configured secrets are written as null.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    /** Serializes the first start of several nodes sharing one database. */
    private static final long BOOTSTRAP_LOCK = 0x5357424f4f54L;

    @Inject SwitchboardConfig config;
    @Inject Tenants tenants;
    @Inject AdminKey adminKey;
    @Inject TenantStore store;
    @Inject ObjectMapper mapper;

    @Transactional
    void onStart(@Observes StartupEvent event, SecretBox secretBox) {
        // SecretBox is injected so that its key is generated (or found invalid) at start, not at the first secret.
        store.lockForTransaction(BOOTSTRAP_LOCK);
        Optional<String> generatedAdminKey = adminKey.generateIfAbsent();
        if (store.anyOrganization()) {
            generatedAdminKey.ifPresent(key -> LOG.warnf("Generated a new admin key: %s", key));
            return;
        }
        Optional<String> orgSecret = config.bootstrap().organizationSecret();
        Optional<String> userSecret = config.bootstrap().userSecret();
        Tenants.Created<Organization> organization = tenants.createOrganization("default", orgSecret);
        Tenants.Created<AppUser> user = tenants.createUser(organization.entity().id(), "admin@localhost", userSecret);

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("organization", entry("id", organization.entity().id(), "name", "default", "secret",
                orgSecret.isPresent() ? null : organization.secret()));
        credentials.put("user", entry("id", user.entity().id(), "email", "admin@localhost", "secret",
                userSecret.isPresent() ? null : user.secret()));
        credentials.put("adminKey", generatedAdminKey.orElse(null));
        Path file = writeCredentials(credentials);

        StringBuilder banner = new StringBuilder("\n\nFirst start: created organization 'default' and user "
                + "admin@localhost. Save these secrets now; they are not shown again.\n");
        if (orgSecret.isEmpty() || userSecret.isEmpty()) {
            banner.append("  Authorization: User ").append(userSecret.isPresent() ? "<configured>" : user.secret())
                    .append(", Organization ").append(orgSecret.isPresent() ? "<configured>" : organization.secret())
                    .append('\n');
        }
        generatedAdminKey.ifPresent(key -> banner.append("  Admin:         Bearer ").append(key).append('\n'));
        banner.append("  Also written to ").append(file.toAbsolutePath()).append(" (mode 0600)\n");
        LOG.info(banner);
    }

    private Path writeCredentials(Map<String, Object> credentials) {
        Path file = Path.of(config.dataDir()).resolve("credentials.json");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            SecretBox.restrictToOwner(file);
            Files.writeString(file, mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(credentials) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
    }

    private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        return map;
    }
}
