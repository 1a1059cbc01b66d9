package io.switchboard.instance;

import java.util.List;
import java.util.Map;

import io.switchboard.error.FieldError;

/**
 * A check of an instance's configuration owned by a package above {@code instance}: the delivery package checks
 * its options and where notifications go, without {@code instance} knowing about delivery. {@link Instances}
 * runs every bean of this type on each create and change; a problem found is one field error of the 400.
 */
public interface ConfigurationCheck {

    /**
     * The form of values (a format name, a retry schedule), run beside the element's own rules.
     *
     * @param effective the configuration as it will be, keys mapped to their values
     * @param errors    where to add what is wrong, one entry per key
     */
    default void checkValues(Map<String, String> effective, List<FieldError> errors) {
    }

    /** Where the configuration points (a URL the hub will call, a key), run once every value is well formed. */
    default void checkTargets(Map<String, String> effective, List<FieldError> errors) {
    }
}
