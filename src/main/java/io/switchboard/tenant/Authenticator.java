package io.switchboard.tenant;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;

/** Turns an {@link AuthorizationHeader} into a {@link Caller}, following the rules of API.md §2. */
@ApplicationScoped
public class Authenticator {

    @Inject TenantStore store;
    @Inject AdminKey adminKey;
    @Inject InstanceTokens instanceTokens;

    public Optional<Caller> authenticate(String header, Access.Kind required) {
        AuthorizationHeader auth = AuthorizationHeader.parse(header).orElseThrow(() -> HubError.unauthenticated(
                header == null || header.isBlank()
                        ? "this endpoint needs an Authorization header: " + expected(required)
                        : "the Authorization header is malformed; expected " + expected(required)));
        return switch (required) {
            case ADMIN -> {
                if (auth.isAdmin()) {
                    if (!adminKey.matches(auth.bearer())) {
                        throw HubError.unauthenticated("the admin key is not valid");
                    }
                    yield Optional.empty();
                }
                platformOrInstance(auth);
                throw HubError.forbidden("organization credentials cannot call /admin/; use 'Bearer <adminKey>'");
            }
            case PLATFORM -> {
                if (auth.isAdmin()) {
                    throw HubError.unauthenticated("the admin key is not valid here; use "
                            + expected(Access.Kind.PLATFORM));
                }
                Caller caller = platformOrInstance(auth);
                if (auth.isInstanceOnly()) {
                    throw HubError.forbidden("an Element token alone cannot call this endpoint; use "
                            + expected(Access.Kind.PLATFORM));
                }
                yield Optional.of(caller);
            }
            case INSTANCE -> {
                if (auth.isAdmin()) {
                    throw HubError.unauthenticated("the admin key is not valid here; use "
                            + expected(Access.Kind.INSTANCE));
                }
                yield Optional.of(platformOrInstance(auth));
            }
        };
    }

    private Caller platformOrInstance(AuthorizationHeader auth) {
        TenantStore.UserIds user = auth.isPlatform()
                ? store.platformUser(Secrets.hash(auth.user()), Secrets.hash(auth.organization())).orElseThrow(
                        () -> HubError.unauthenticated("the User or Organization secret is not valid"))
                : store.user(Secrets.hash(auth.user())).orElseThrow(
                        () -> HubError.unauthenticated("the User secret is not valid"));
        long organizationId = user.organizationId();
        long userId = user.userId();
        if (auth.element() == null) {
            return new Caller(organizationId, userId, Optional.empty());
        }
        InstanceTokens.TokenInstance instance = instanceTokens.find(organizationId, Secrets.hash(auth.element()))
                .orElseThrow(() -> HubError.unauthenticated("the Element token is not valid for this user's organization"));
        if (instance.disabled()) {
            throw HubError.forbidden("the instance of this Element token is disabled; enable it with "
                    + "PUT /instances/{id}/enabled");
        }
        return new Caller(organizationId, userId, Optional.of(instance.id()));
    }

    private static String expected(Access.Kind kind) {
        return switch (kind) {
            case ADMIN -> "'Authorization: Bearer <adminKey>'";
            case PLATFORM -> "'Authorization: User <userSecret>, Organization <organizationSecret>'";
            case INSTANCE -> "'Authorization: User <userSecret>, Element <instanceToken>'";
        };
    }
}
