package io.switchboard.element.signature;

import java.util.Optional;

/**
 * The outcome of checking a webhook's signature.
 *
 * @param checked whether a signature was required (the element has a scheme and the instance its secret)
 * @param failure why the request was rejected; empty when it passed or was not checked
 */
public record Verification(boolean checked, Optional<String> failure) {

    public static Verification notChecked() {
        return new Verification(false, Optional.empty());
    }

    public static Verification of(Optional<String> failure) {
        return new Verification(true, failure);
    }

    /** Answer 401 and record the receipt as REJECTED with {@link #failure()}. */
    public boolean rejected() {
        return failure.isPresent();
    }
}
