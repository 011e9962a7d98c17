package io.sendzen.logs.flyout;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Which addresses a forward may connect to: public ones only, unless private networks are allowed. */
public final class AddressGuard {

    private AddressGuard() {
    }

    /** Null when {@code address} may be connected to, else why not. */
    public static String refusal(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            int third = b[2] & 0xff;
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240
                    || (first == 192 && second == 0 && (third == 0 || third == 2))
                    || (first == 198 && (second == 18 || second == 19))
                    || (first == 198 && second == 51 && third == 100) || (first == 203 && second == 0 && third == 113)) {
                return "reserved";
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "reserved";
            }
            if (isMappedOrCompatible(b)) {
                try {
                    return refusal(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return "reserved";
                }
            }
        }
        return null;
    }

    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    /**
     * A network given as {@code address/bits} (or an address alone, for just that one), which forwards may reach even
     * though the guard refuses its kind: a receiver inside the operator's own network.
     */
    public record Network(byte[] prefix, int bits) {

        public static Network parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                throw new IllegalArgumentException("'" + trimmed + "' is not an IP address or network (such as 10.1.2.0/24)");
            }
            byte[] address;
            try {
                // only literals reach here (digits, dots, colons), so nothing is looked up
                address = InetAddress.getByName(host).getAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("'" + trimmed + "' is not an IP address or network (such as 10.1.2.0/24)");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(trimmed.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("'" + trimmed + "' has a prefix length outside 0.." + address.length * 8);
                }
            }
            return new Network(address, bits);
        }

        public boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
                if (((b[bit / 8] ^ prefix[bit / 8]) & mask) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
