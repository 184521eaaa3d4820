package dev.portcullis.signin;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The unit a source-address counter counts: the IPv4 address itself, or the IPv6 /64 (one
 * household or device can hold a whole /64, so counting single IPv6 addresses is no limit).
 */
final class SourceAddresses {

    private SourceAddresses() {
    }

    static String throttleKey(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
            if (bytes.length != 16) {
                return remoteAddress;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return "unparsable";
        }
    }
}
