package io.switchboard.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.switchboard.api.Problem;

/** Creates and finds organizations and users. A created secret is returned once, in plain text, and kept hashed. */
@ApplicationScoped
public class Tenants {

    public record Created<T>(T entity, String secret) {
    }

    @Transactional
    public Created<Organization> createOrganization(String name, Optional<String> givenSecret) {
        String secret = givenSecret.orElseGet(Secrets::generate);
        Organization organization = new Organization();
        organization.name = name;
        organization.secretHash = Secrets.hash(secret);
        if (Organization.count("secretHash", organization.secretHash) > 0) {
            throw Problem.conflict("an organization with this secret already exists; choose another secret");
        }
        organization.persist();
        return new Created<>(organization, secret);
    }

    @Transactional
    public Created<AppUser> createUser(long organizationId, String email, Optional<String> givenSecret) {
        String secret = givenSecret.orElseGet(Secrets::generate);
        if (AppUser.count("organizationId = ?1 and email = ?2", organizationId, email) > 0) {
            throw Problem.conflict("the organization already has a user with email " + email);
        }
        AppUser user = new AppUser();
        user.organizationId = organizationId;
        user.email = email;
        user.secretHash = Secrets.hash(secret);
        if (AppUser.count("secretHash", user.secretHash) > 0) {
            throw Problem.conflict("a user with this secret already exists; choose another secret");
        }
        user.persist();
        return new Created<>(user, secret);
    }

    public Organization organization(long id) {
        Organization organization = Organization.findById(id);
        if (organization == null) {
            throw Problem.notFound("no organization has id " + id);
        }
        return organization;
    }

    public List<Organization> organizations() {
        return Organization.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    public List<AppUser> users(long organizationId) {
        return AppUser.list("organizationId", io.quarkus.panache.common.Sort.by("id"), organizationId);
    }

    @Transactional
    public Organization setFailurePolicy(long organizationId, String policy) {
        Organization organization = organization(organizationId);
        try {
            organization.failurePolicy = Organization.FailurePolicy.valueOf(policy).name();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problem.invalidField("notification.webhook.failure.policy", "must be \"retry\" or \"queue\"");
        }
        return organization;
    }
}
