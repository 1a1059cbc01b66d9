package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathsTest {

    @ParameterizedTest
    @ValueSource(strings = { "/elements/api-v2/events/webhook/1", "/a/b;c=d/e:f@g/~h.i_j-k!$&'()*+,=",
            "/x?y=[z]&%zz", "/x#[frag]", "/caf%C3%A9", "/%2F", "//double", "*", "http://host/x" })
    void routablePaths(String target) {
        assertTrue(Paths.valid(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/%zz", "/a%2", "/a%", "/[x]", "/x{y}", "/a|b", "/a\\b", "/a^b", "/a\"b", "/a b" })
    void pathsTheRoutesCannotBeMatchedAgainst(String target) {
        assertFalse(Paths.valid(target), target);
    }
}
