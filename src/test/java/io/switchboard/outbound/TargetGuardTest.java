package io.switchboard.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetGuardTest {

    private static final Map<String, String> DNS = Map.of(
            "public.example", "93.184.216.34",
            "rebind.example", "127.0.0.1",
            "internal.example", "10.0.0.5",
            "v6loop.example", "::1");

    /** Answers from the table above; fails the test if a name is looked up when it must not be. */
    private static final HostResolver FAKE_DNS = host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    private final TargetGuard guard = new TargetGuard(false, FAKE_DNS);
    private final TargetGuard permissive = new TargetGuard(true, FAKE_DNS);

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1/hook,           127.0.0.1,    a loopback address",
            "http://[::1]:8080/hook,          0:0:0:0:0:0:0:1, a loopback address",
            "http://169.254.169.254/latest,   169.254.169.254, a cloud metadata address",
            "http://169.254.1.1/,             169.254.1.1,  a link-local address",
            "http://100.100.100.200/,         100.100.100.200, a cloud metadata address",
            "http://[fd00:ec2::254]/,         fd00:ec2:0:0:0:0:0:254, a cloud metadata address",
            "http://100.64.0.1/,              100.64.0.1,   a carrier-grade NAT address",
            "http://10.1.2.3/,                10.1.2.3,     a private address",
            "http://172.16.0.1/,              172.16.0.1,   a private address",
            "http://172.31.255.255/,          172.31.255.255, a private address",
            "http://192.168.1.1/,             192.168.1.1,  a private address",
            "http://2130706433/,              127.0.0.1,    a loopback address",
            "http://0177.0.0.1/,              127.0.0.1,    a loopback address",
            "http://0x7f000001/,              127.0.0.1,    a loopback address",
            "http://0x7f.0.0.1/,              127.0.0.1,    a loopback address",
            "http://0X7F.1/,                  127.0.0.1,    a loopback address",
            "http://127.1/,                   127.0.0.1,    a loopback address",
            "http://127.0.1/,                 127.0.0.1,    a loopback address",
            "http://127.0.0.1./,              127.0.0.1,    a loopback address",
            "http://012.0x1.0.3/,             10.1.0.3,     a private address",
            "http://[::ffff:127.0.0.1]/,      127.0.0.1,    a loopback address",
            "http://[::ffff:7f00:1]/,         127.0.0.1,    a loopback address",
            "http://[::ffff:a9fe:a9fe]/,      169.254.169.254, a cloud metadata address",
            "http://[::127.0.0.1]/,           0:0:0:0:0:0:7f00:1, a loopback address",
            "http://[64:ff9b::a00:1]/,        64:ff9b:0:0:0:0:a00:1, a private address",
            "http://[2002:c0a8:101::1]/,      2002:c0a8:101:0:0:0:0:1, a private address",
            "http://[fd00::1]/,               fd00:0:0:0:0:0:0:1, a private address",
            "http://[fe80::1]/,               fe80:0:0:0:0:0:0:1, a link-local address",
            "http://0.0.0.0/,                 0.0.0.0,      an unspecified address",
            "http://0/,                       0.0.0.0,      an unspecified address",
            "http://[::]/,                    0:0:0:0:0:0:0:0, an unspecified address",
            "http://224.0.0.1/,               224.0.0.1,    a multicast address",
            "http://[ff02::1]/,               ff02:0:0:0:0:0:0:1, a multicast address",
            "http://255.255.255.255/,         255.255.255.255, a reserved address",
            "http://198.18.0.1/,              198.18.0.1,   a benchmarking address",
            "http://198.19.255.254/,          198.19.255.254, a benchmarking address",
            "http://192.0.2.7/,               192.0.2.7,    a documentation address",
            "http://198.51.100.7/,            198.51.100.7, a documentation address",
            "http://203.0.113.7/,             203.0.113.7,  a documentation address",
            "http://[2001:db8::1]/,           2001:db8:0:0:0:0:0:1, a documentation address",
            "http://[::ffff:198.18.0.1]/,     198.18.0.1,   a benchmarking address",
            "https://１２７．０．０．１/,        127.0.0.1,    a loopback address",
    })
    void refusesPrivateLiteralsWhenConfiguredAndWhenCalled(String url, String address, String kind) {
        String expected = "callback URL resolves to " + address + ", " + kind
                + "; outgoing calls to private addresses are refused (switchboard.delivery.allow-private-targets)";
        assertEquals(expected, assertThrows(TargetRefusedException.class, () -> guard.checkConfigured(url))
                .getMessage());
        assertEquals(expected, assertThrows(TargetRefusedException.class, () -> guard.resolve(url)).getMessage());
    }

    @Test
    void namesTheKeyInTheReason() {
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> guard.checkConfigured("rest.base.url", "http://10.0.0.1/api"));
        assertTrue(refused.getMessage().startsWith("rest.base.url resolves to 10.0.0.1, a private address;"),
                refused.getMessage());
    }

    @Test
    void resolvesNamesAtConfigurationTimeToo() {
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> guard.checkConfigured("event.notification.callback.url", "https://rebind.example/hook"));
        assertEquals("event.notification.callback.url host rebind.example resolves to 127.0.0.1, a loopback address;"
                + " outgoing calls to private addresses are refused (switchboard.delivery.allow-private-targets)",
                refused.getMessage());
        assertThrows(TargetRefusedException.class, () -> guard.checkConfigured("https://internal.example/hook"));
        assertEquals(URI.create("https://public.example/hook?a=1"), guard.checkConfigured("https://public.example/hook?a=1"));
        assertEquals(URI.create("https://not-yet.example/hook"), guard.checkConfigured("https://not-yet.example/hook"),
                "a name that does not resolve now may later; the call checks it");
        assertEquals(URI.create("https://rebind.example/hook"), permissive.checkConfigured("https://rebind.example/hook"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.google.internal./",
            "http://metadata.goog/", "http://instance-data/latest" })
    void refusesMetadataNamesWithoutDns(String url) {
        TargetGuard noDns = new TargetGuard(false, host -> {
            throw new AssertionError("no DNS needed for " + host);
        });
        assertTrue(assertThrows(TargetRefusedException.class, () -> noDns.checkConfigured("rest.base.url", url))
                .getMessage().contains("a cloud metadata address"));
    }

    @Test
    void refusesANameThatResolvesToLoopbackWhenCalled() {
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> guard.resolve("https://rebind.example/hook"));
        assertEquals("callback URL host rebind.example resolves to 127.0.0.1, a loopback address; outgoing calls to"
                + " private addresses are refused (switchboard.delivery.allow-private-targets)", refused.getMessage());
        assertThrows(TargetRefusedException.class, () -> guard.resolve("https://internal.example/hook"));
        assertThrows(TargetRefusedException.class, () -> guard.resolve("https://v6loop.example/hook"));
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsPrivate() throws Exception {
        TargetGuard mixed = new TargetGuard(false,
                host -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")));
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> mixed.resolve("https://mixed.example/"));
        assertTrue(refused.getMessage().contains("10.0.0.1, a private address"), refused.getMessage());
    }

    @Test
    void refusesLocalhostNamesWithoutDns() {
        assertThrows(TargetRefusedException.class, () -> guard.checkConfigured("http://localhost:8080/hook"));
        assertThrows(TargetRefusedException.class, () -> guard.checkConfigured("http://api.LOCALHOST/hook"));
    }

    @Test
    void allowsPublicAddressesAndReturnsWhatWasChecked() throws Exception {
        assertEquals(URI.create("http://93.184.216.34/hook"), guard.checkConfigured("http://93.184.216.34/hook"));

        ResolvedTarget literal = guard.resolve("http://93.184.216.34:8443/hook?x=1");
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), literal.addresses());
        assertEquals(URI.create("http://93.184.216.34:8443/hook?x=1"), literal.uri());

        ResolvedTarget named = guard.resolve("https://Public.Example/hook#fragment");
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), named.addresses());
        assertEquals(URI.create("https://public.example/hook"), named.uri());
        assertEquals("public.example", named.uri().getHost());
    }

    @Test
    void canonicalizesNumericHostsSoTheSenderSeesAPlainAddress() throws Exception {
        // 0x5db8d822 is 93.184.216.34, a public address: allowed, and written the way a client would send it.
        ResolvedTarget target = guard.resolve("http://0x5db8d822/hook");
        assertEquals(URI.create("http://93.184.216.34/hook"), target.uri());
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), target.addresses());
    }

    @Test
    void reportsAnUnresolvableNameAsTransient() {
        assertThrows(UnknownHostException.class, () -> guard.resolve("https://nowhere.example/hook"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://93.184.216.34/file   | callback URL must be an http or https URL, not ftp",
            "file:///etc/passwd         | callback URL must be an http or https URL, not file",
            "/relative/hook             | callback URL must be an http or https URL",
            "https://user:pw@public.example/ | callback URL must not contain user information (user:password@)",
            "https://public.example@127.0.0.1/ | callback URL must not contain user information (user:password@)",
            "http://256.1.1.1/          | callback URL host 256.1.1.1 is not a valid IPv4 address",
            "http://1.2.3.4.5/          | callback URL host 1.2.3.4.5 is not a valid IPv4 address",
            "http://08.0.0.1/           | callback URL host 08.0.0.1 is not a valid IPv4 address",
            "http://127.0.0.1:99999/    | callback URL has an invalid port 99999",
            "http://%31%32%37.0.0.1/    | callback URL host must not contain %-escapes",
            "http://[fe80::1%25eth0]/   | callback URL host [fe80::1%25eth0] is not a valid IPv6 address",
            "http:///hook               | callback URL has no host",
            "https://exa mple.com/      | callback URL is not a valid URL: Illegal character in authority",
    })
    void refusesBadSyntaxEvenWhenPrivateTargetsAreAllowed(String url, String reason) {
        assertEquals(reason, assertThrows(TargetRefusedException.class, () -> guard.checkConfigured(url))
                .getMessage());
        assertEquals(reason, assertThrows(TargetRefusedException.class, () -> permissive.checkConfigured(url))
                .getMessage());
        assertEquals(reason, assertThrows(TargetRefusedException.class, () -> permissive.resolve(url)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://192.168.1.1/", "http://2130706433/", "http://0177.0.0.1/",
            "http://0x7f000001/", "http://127.1/", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/",
            "http://0.0.0.0/", "http://localhost/", "https://rebind.example/"})
    void allowPrivateTargetsLetsThemAllThrough(String url) throws Exception {
        permissive.checkConfigured(url);
        ResolvedTarget target = permissive.resolve(url.replace("localhost", "rebind.example"));
        assertEquals(1, target.addresses().size());
    }

    @Test
    void allowPrivateTargetsStillConnectsToTheNormalizedAddress() throws Exception {
        ResolvedTarget target = permissive.resolve("http://0177.0.0.1:9/hook");
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), target.addresses());
        assertEquals(URI.create("http://127.0.0.1:9/hook"), target.uri());
    }
}
