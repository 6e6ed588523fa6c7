package io.storyreel.core.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a link from outside may lead to: public unicast only. Refused: unspecified, loopback, link-local
 * (169.254/16, fe80::/10; the cloud metadata service lives there), private (10/8, 172.16/12, 192.168/16, fc00::/7,
 * fec0::/10), shared address space (100.64/10), benchmarking (198.18/15), IETF protocol assignments (192.0.0/24),
 * reserved (240/4), broadcast and multicast, and IPv4 addresses embedded in IPv6 (mapped, compatible, 6to4, NAT64)
 * that are any of those.
 */
final class PublicAddresses {
    private PublicAddresses() {
    }

    static boolean isPublic(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                return isPublic(embedded);
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7 (AWS's metadata service answers on fd00:ec2::254)
            }
        }
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            int b2 = b[2] & 0xff;
            return !(b0 == 0 || b0 >= 240 || (b0 == 100 && b1 >= 64 && b1 <= 127)
                    || (b0 == 198 && (b1 == 18 || b1 == 19)) || (b0 == 192 && b1 == 0 && b2 == 0));
        }
        return true;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, 6to4 or NAT64 IPv6 address, or null. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        if (mapped || compatible) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return v4(b[2], b[3], b[4], b[5]); // 6to4 2002::/16
        }
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return nat64 ? v4(b[12], b[13], b[14], b[15]) : null;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[]{a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
