package dev.todolist.edge.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.util.NetUtil;

/**
 * Whom a rate limit counts: an IPv4 client by its address, an IPv6 client by its /64 (one host usually holds a
 * whole /64, so counting single IPv6 addresses would let it rotate through 2^64 identities). Literals only are
 * parsed, never resolved.
 */
final class ClientKeys {

    private ClientKeys() {
    }

    static String of(String clientIp) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(clientIp);
        if (bytes == null) {
            return clientIp;
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        if (bytes.length == 4) {
            return clientIp;
        }
        for (int i = 8; i < 16; i++) {
            bytes[i] = 0;
        }
        try {
            return NetUtil.toAddressString((Inet6Address) InetAddress.getByAddress(bytes)) + "/64";
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex); // only for a wrong length, which 16 is not
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
