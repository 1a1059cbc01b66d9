package io.switchboard.api;

/** Paths of the HTTP contract (API.md). */
public final class Api {

    /** Everything but {@code /admin/} and {@code /q/} lives under this base path, as in Open Connectors. */
    public static final String BASE = "/elements/api-v2";

    private Api() {
    }
}
