package io.switchboard.tenant;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.switchboard.api.Api;

/** The caller's own organization settings (API.md §7, failure policy). */
@Path(Api.BASE + "/accounts/settings")
@Access(Access.Kind.PLATFORM)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountSettingsResource {

    static final String FAILURE_POLICY = "notification.webhook.failure.policy";

    private final Tenants tenants;
    private final CurrentCaller caller;

    public AccountSettingsResource(Tenants tenants, CurrentCaller caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    public Map<String, String> get() {
        return Map.of(FAILURE_POLICY, tenants.organization(caller.organizationId()).failurePolicy);
    }

    @PATCH
    public Map<String, String> patch(Map<String, Object> body) {
        if (body != null && body.containsKey(FAILURE_POLICY)) {
            Object policy = body.get(FAILURE_POLICY);
            tenants.setFailurePolicy(caller.organizationId(), policy == null ? null : policy.toString());
        }
        return get();
    }
}
