package io.switchboard.tenant;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;

import io.switchboard.error.HubError;

/** The authenticated caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw HubError.unauthenticated("this endpoint needs an Authorization header");
        }
        return caller;
    }

    public long organizationId() {
        return get().organizationId();
    }

    /** The instance named by the Element token, or by an {@code Element-Instances} header (first id). */
    public long instanceId(String elementInstancesHeader) {
        if (get().instanceId().isPresent()) {
            return get().instanceId().get();
        }
        List<String> listed = ElementInstancesHeader.parse(elementInstancesHeader);
        if (!listed.isEmpty()) {
            String first = listed.get(0);
            try {
                return Long.parseLong(first);
            } catch (NumberFormatException e) {
                throw HubError.invalidField("Element-Instances", "must hold instance ids, e.g. 7");
            }
        }
        throw HubError.invalid("name the instance: use 'Authorization: User <secret>, Element <instance token>'"
                + " or add an Element-Instances header with the instance id");
    }
}
