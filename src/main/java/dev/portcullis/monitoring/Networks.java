package dev.portcullis.monitoring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The network an address belongs to, as the new-network signal compares them: IPv4 /24, IPv6 /48. */
final class Networks {

    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.%]+");

    private Networks() {
    }

    static String of(String address) {
        if (address == null || address.isBlank() || !ADDRESS.matcher(address).matches()) {
            return null; // never resolve names: only literal addresses are parsed
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 6; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/48").toString();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
