package io.switchboard.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which credentials an endpoint takes (API.md §2). Endpoints without it (vendor webhooks) are public.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Access {

    Kind value();

    enum Kind {
        /** {@code User, Organization[, Element]}. */
        PLATFORM,
        /** {@code User, Element} or the platform header; the endpoint works on one instance. */
        INSTANCE,
        /** {@code Bearer <adminKey>}. */
        ADMIN
    }
}
