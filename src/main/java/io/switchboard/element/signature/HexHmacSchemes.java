package io.switchboard.element.signature;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The two schemes that differ only in their header, as beans. */
@Singleton
class HexHmacSchemes {

    @Produces
    @Singleton
    HexHmacSha256Signature generic() {
        return HexHmacSha256Signature.generic();
    }

    @Produces
    @Singleton
    HexHmacSha256Signature gitHub() {
        return HexHmacSha256Signature.gitHub();
    }
}
