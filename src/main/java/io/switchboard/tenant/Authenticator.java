package io.switchboard.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.switchboard.api.Problem;

/** Turns an {@link AuthorizationHeader} into a {@link Caller}, following the rules of API.md §2. */
@ApplicationScoped
public class Authenticator {

    private final EntityManager em;
    private final AdminKey adminKey;

    public Authenticator(EntityManager em, AdminKey adminKey) {
        this.em = em;
        this.adminKey = adminKey;
    }

    public Optional<Caller> authenticate(String header, Access.Kind required) {
        AuthorizationHeader auth = AuthorizationHeader.parse(header).orElseThrow(() -> Problem.unauthorized(
                header == null || header.isBlank()
                        ? "this endpoint needs an Authorization header: " + expected(required)
                        : "the Authorization header is malformed; expected " + expected(required)));
        return switch (required) {
            case ADMIN -> {
                if (auth.isAdmin()) {
                    if (!adminKey.matches(auth.bearer())) {
                        throw Problem.unauthorized("the admin key is not valid");
                    }
                    yield Optional.empty();
                }
                platformOrInstance(auth);
                throw Problem.forbidden("organization credentials cannot call /admin/; use 'Bearer <adminKey>'");
            }
            case PLATFORM -> {
                if (auth.isAdmin()) {
                    throw Problem.unauthorized("the admin key is not valid here; use "
                            + expected(Access.Kind.PLATFORM));
                }
                Caller caller = platformOrInstance(auth);
                if (auth.isInstanceOnly()) {
                    throw Problem.forbidden("an Element token alone cannot call this endpoint; use "
                            + expected(Access.Kind.PLATFORM));
                }
                yield Optional.of(caller);
            }
            case INSTANCE -> {
                if (auth.isAdmin()) {
                    throw Problem.unauthorized("the admin key is not valid here; use "
                            + expected(Access.Kind.INSTANCE));
                }
                yield Optional.of(platformOrInstance(auth));
            }
        };
    }

    private Caller platformOrInstance(AuthorizationHeader auth) {
        long organizationId;
        long userId;
        if (auth.isPlatform()) {
            List<?> rows = em.createNativeQuery("""
                    SELECT u.id, u.organization_id FROM app_user u JOIN organization o ON o.id = u.organization_id
                    WHERE u.secret_hash = ?1 AND o.secret_hash = ?2""")
                    .setParameter(1, Secrets.hash(auth.user()))
                    .setParameter(2, Secrets.hash(auth.organization()))
                    .getResultList();
            if (rows.isEmpty()) {
                throw Problem.unauthorized("the User or Organization secret is not valid");
            }
            Object[] row = (Object[]) rows.get(0);
            userId = ((Number) row[0]).longValue();
            organizationId = ((Number) row[1]).longValue();
        } else {
            List<?> rows = em.createNativeQuery("SELECT id, organization_id FROM app_user WHERE secret_hash = ?1")
                    .setParameter(1, Secrets.hash(auth.user()))
                    .getResultList();
            if (rows.isEmpty()) {
                throw Problem.unauthorized("the User secret is not valid");
            }
            Object[] row = (Object[]) rows.get(0);
            userId = ((Number) row[0]).longValue();
            organizationId = ((Number) row[1]).longValue();
        }
        if (auth.element() == null) {
            return new Caller(organizationId, userId, Optional.empty());
        }
        List<?> instances = em.createNativeQuery("""
                SELECT id, disabled FROM instance WHERE token_hash = ?1 AND organization_id = ?2 AND NOT deleted""")
                .setParameter(1, Secrets.hash(auth.element()))
                .setParameter(2, organizationId)
                .getResultList();
        if (instances.isEmpty()) {
            throw Problem.unauthorized("the Element token is not valid for this user's organization");
        }
        Object[] instance = (Object[]) instances.get(0);
        if ((Boolean) instance[1]) {
            throw Problem.forbidden("the instance of this Element token is disabled; enable it with "
                    + "PUT /instances/{id}/enabled");
        }
        return new Caller(organizationId, userId, Optional.of(((Number) instance[0]).longValue()));
    }

    private static String expected(Access.Kind kind) {
        return switch (kind) {
            case ADMIN -> "'Authorization: Bearer <adminKey>'";
            case PLATFORM -> "'Authorization: User <userSecret>, Organization <organizationSecret>'";
            case INSTANCE -> "'Authorization: User <userSecret>, Element <instanceToken>'";
        };
    }
}
