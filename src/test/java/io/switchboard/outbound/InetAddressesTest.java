package io.switchboard.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** inet_aton's reading of numeric hosts; the JDK reads several of these differently. */
class InetAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "2130706433, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "0x7f.0.0.1, 127.0.0.1",
            "0x7f000001, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "1.0x10000, 1.1.0.0",
            "0x00000000000000007f.1, 127.0.0.1",
            "0x, 0.0.0.0",
            "00, 0.0.0.0",
            "4294967295, 255.255.255.255",
            "192.168.0377.1, 192.168.255.1",
    })
    void readsNumericFormsLikeInetAton(String host, String expected) {
        assertEquals(expected, InetAddresses.inetAton(host).map(InetAddress::getHostAddress).orElse("not an address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967296", "256.0.0.1", "1.256.1", "1.2.65536", "08", "0x1g", "1..1", "1.2.3.4.5",
            "", "-1", "+1.2.3.4"})
    void rejectsWhatInetAtonRejects(String host) {
        assertTrue(InetAddresses.inetAton(host).isEmpty(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.example", "0x7f.example", "a1"})
    void namesDoNotEndInANumber(String host) {
        assertFalse(InetAddresses.endsInNumber(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.1", "1.2.3.4", "256.1.1.1", "foo.0x1f", "08"})
    void hostsEndingInANumberMustBeAddresses(String host) {
        assertTrue(InetAddresses.endsInNumber(host), host);
    }
}
