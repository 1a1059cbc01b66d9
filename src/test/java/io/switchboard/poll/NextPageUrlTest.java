package io.switchboard.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Next-page references resolve against the page's URL as RFC 3986 §5.4 says (its examples, fragments dropped). */
class NextPageUrlTest {

    static final URI BASE = URI.create("http://a/b/c/d;p?q");

    @ParameterizedTest
    @CsvSource({
            "g, http://a/b/c/g",
            "./g, http://a/b/c/g",
            "g/, http://a/b/c/g/",
            "/g, http://a/g",
            "//g, http://g",
            "?y, http://a/b/c/d;p?y",
            "g?y, http://a/b/c/g?y",
            "g#s, http://a/b/c/g",
            "g?y#s, http://a/b/c/g?y",
            ";x, http://a/b/c/;x",
            "g;x, http://a/b/c/g;x",
            "., http://a/b/c/",
            "./, http://a/b/c/",
            ".., http://a/b/",
            "../, http://a/b/",
            "../g, http://a/b/g",
            "../.., http://a/",
            "../../, http://a/",
            "../../g, http://a/g",
            "../../../g, http://a/g",
            "../../../../g, http://a/g",
            "/./g, http://a/g",
            "/../g, http://a/g",
            "g., http://a/b/c/g.",
            ".g, http://a/b/c/.g",
            "g.., http://a/b/c/g..",
            "..g, http://a/b/c/..g",
            "./../g, http://a/b/g",
            "./g/., http://a/b/c/g/",
            "g/./h, http://a/b/c/g/h",
            "g/../h, http://a/b/c/h",
            "https://api.vendor.example/v2/items?page=2, https://api.vendor.example/v2/items?page=2",
    })
    void resolvesLikeRfc3986(String reference, String expected) throws Exception {
        assertEquals(expected, PollRunner.resolve(BASE, reference).toString());
    }

    @ParameterizedTest
    @CsvSource({
            "https://api.example/2010-04-01/Accounts/AC1/Messages.json?DateSent%3E=2026-11-22, "
                    + "/2010-04-01/Accounts/AC1/Messages.json?DateSent%3E=2026-11-22&Page=1&PageToken=PAx, "
                    + "https://api.example/2010-04-01/Accounts/AC1/Messages.json?DateSent%3E=2026-11-22&Page=1&PageToken=PAx",
            "https://api.example/v1/contacts, ?after=abc%3D%3D, https://api.example/v1/contacts?after=abc%3D%3D",
            "https://api.example, ?page=2, https://api.example/?page=2",
    })
    void vendorStyles(String page, String next, String expected) throws Exception {
        assertEquals(expected, PollRunner.resolve(URI.create(page), next).toString());
    }
}
