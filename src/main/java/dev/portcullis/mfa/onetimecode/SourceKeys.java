package dev.portcullis.mfa.onetimecode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The unit the per-source limit counts: the IPv4 address, or the IPv6 /64 (one household or
 * device can hold a whole /64). Mirrors the sign-in's source counter.
 */
final class SourceKeys {

    private SourceKeys() {
    }

    static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress.length() > 64 ? remoteAddress.substring(0, 64) : remoteAddress;
        }
        try {
            // only literal addresses reach here (getRemoteAddr), so no name is looked up
            byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
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
