package io.switchboard.api;

import com.github.f4b6a3.ulid.UlidCreator;

/** Time-ordered identifiers (ULIDs) for requests, receipts and notifications. */
public final class RequestIds {

    private RequestIds() {
    }

    public static String next() {
        return UlidCreator.getMonotonicUlid().toString();
    }
}
