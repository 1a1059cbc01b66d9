package io.switchboard.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.error.HubError;

/** Creates and finds organizations and users. A created secret is returned once, in plain text, and kept hashed. */
@ApplicationScoped
public class Tenants {

    public record Created<T>(T entity, String secret) {
    }

    @Inject TenantStore store;

    @Transactional
    public Created<Organization> createOrganization(String name, Optional<String> givenSecret) {
        String secret = givenSecret.orElseGet(Secrets::generate);
        String hash = Secrets.hash(secret);
        if (store.organizationSecretTaken(hash)) {
            throw HubError.conflict("an organization with this secret already exists; choose another secret");
        }
        return new Created<>(store.insertOrganization(name, hash), secret);
    }

    @Transactional
    public Created<AppUser> createUser(long organizationId, String email, Optional<String> givenSecret) {
        String secret = givenSecret.orElseGet(Secrets::generate);
        if (store.emailTaken(organizationId, email)) {
            throw HubError.conflict("the organization already has a user with email " + email);
        }
        String hash = Secrets.hash(secret);
        if (store.userSecretTaken(hash)) {
            throw HubError.conflict("a user with this secret already exists; choose another secret");
        }
        return new Created<>(store.insertUser(organizationId, email, hash), secret);
    }

    public Organization organization(long id) {
        return store.organization(id).orElseThrow(() -> HubError.notFound("no organization has id " + id));
    }

    public List<Organization> organizations() {
        return store.organizations();
    }

    /** The user with this id, if it still exists. */
    public Optional<AppUser> user(long id) {
        return store.user(id);
    }

    public List<AppUser> users(long organizationId) {
        return store.users(organizationId);
    }

    @Transactional
    public Organization setFailurePolicy(long organizationId, String policy) {
        organization(organizationId);
        try {
            store.setFailurePolicy(organizationId, Organization.FailurePolicy.valueOf(policy).name());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HubError.invalidField("notification.webhook.failure.policy", "must be \"retry\" or \"queue\"");
        }
        return organization(organizationId);
    }
}
