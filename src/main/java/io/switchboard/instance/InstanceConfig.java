package io.switchboard.instance;

/**
 * One configuration key of an instance. Its id is the API's configurationId. A secret value is stored sealed
 * (see {@link io.switchboard.store.SecretBox}); a null value means unset, so the element's default applies.
 */
record InstanceConfig(long id, String key, String value, boolean secret) {
}
