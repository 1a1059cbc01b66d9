package io.switchboard.tenant;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.switchboard.error.HubError;
import io.switchboard.api.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates every call to an endpoint marked with {@link Access}; runs on the worker thread. A client address
 * with too many recent failures is answered 429 before its credentials are looked at ({@link AuthFailureLimiter}).
 */
public class AuthFilter {

    @Inject Authenticator authenticator;
    @Inject CurrentCaller currentCaller;
    @Inject AuthFailureLimiter limiter;

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (resource == null || resource.getResourceMethod() == null) {
            return;
        }
        Access access = resource.getResourceMethod().getAnnotation(Access.class);
        if (access == null) {
            access = resource.getResourceClass().getAnnotation(Access.class);
        }
        if (access == null) {
            return;
        }
        String client = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Optional<Duration> blocked = limiter.blockedFor(client);
        if (blocked.isPresent()) {
            throw HubError.rateLimited("too many failed authentications from this address; try again in "
                    + ProblemMapper.retryAfterSeconds(blocked.get()) + " s (Retry-After)",
                    blocked.get());
        }
        try {
            authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION), access.value())
                    .ifPresent(currentCaller::set);
        } catch (HubError problem) {
            if (ProblemMapper.status(problem.kind()) == 401) {
                limiter.recordFailure(client);
            }
            throw problem;
        }
    }
}
