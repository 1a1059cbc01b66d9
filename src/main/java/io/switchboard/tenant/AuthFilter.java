package io.switchboard.tenant;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every call to an endpoint marked with {@link Access}; runs on the worker thread. */
public class AuthFilter {

    private final Authenticator authenticator;
    private final CurrentCaller currentCaller;

    public AuthFilter(Authenticator authenticator, CurrentCaller currentCaller) {
        this.authenticator = authenticator;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
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
        authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION), access.value())
                .ifPresent(currentCaller::set);
    }
}
