package io.sendzen.logs.flyout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses a forward may connect to, literal addresses only (no DNS). */
class AddressGuardTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, unspecified",
            "::, unspecified",
            "127.0.0.1, loopback",
            "127.255.0.9, loopback",
            "::1, loopback",
            "169.254.169.254, link-local",
            "fe80::1, link-local",
            "10.1.2.3, private",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.1.1, private",
            "fc00::1, private",
            "fd12:3456::1, private",
            "224.0.0.1, multicast",
            "ff02::1, multicast",
            "0.1.2.3, reserved",
            "100.64.0.1, reserved",
            "100.127.255.255, reserved",
            "192.0.0.8, reserved",
            "192.0.2.10, reserved",
            "198.18.0.1, reserved",
            "198.19.255.1, reserved",
            "198.51.100.7, reserved",
            "203.0.113.5, reserved",
            "240.0.0.1, reserved",
            "255.255.255.255, reserved",
            "2001:db8::1, reserved",
            // an IPv4 address written as IPv6 is judged as the IPv4 address it is
            "::ffff:127.0.0.1, loopback",
            "::ffff:10.0.0.1, private",
            "::ffff:169.254.169.254, link-local",
            "::10.0.0.1, private",
    })
    void refusesAddressesThatAreNotPublic(String literal, String refusal) throws UnknownHostException {
        assertEquals(refusal, AddressGuard.refusal(InetAddress.getByName(literal)));
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255",
            "172.32.0.1", "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "203.0.114.1", "223.255.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"})
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        assertNull(AddressGuard.refusal(InetAddress.getByName(literal)));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.1.2.0/24, 10.1.2.0, true",
            "10.1.2.0/24, 10.1.2.255, true",
            "10.1.2.0/24, 10.1.3.0, false",
            "10.1.2.0/23, 10.1.3.7, true",
            "10.1.2.0/23, 10.1.4.0, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "fd00::/8, fd12::1, true",
            "fd00::/8, fe80::1, false",
            // an IPv4 network says nothing of IPv6 addresses
            "0.0.0.0/0, ::1, false",
    })
    void anAllowedNetworkContainsItsAddressesOnly(String network, String literal, boolean contained)
            throws UnknownHostException {
        assertEquals(contained, AddressGuard.Network.parse(network).contains(InetAddress.getByName(literal)));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "intranet.example", "10.1.2.0/33", "10.1.2.0/-1", "10.1.2.0/x", "fd00::/129", "10.1.2/24x"})
    void aNetworkThatCannotBeReadIsRefusedWithItsText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressGuard.Network.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text.trim() + "' "), e.getMessage());
    }
}
