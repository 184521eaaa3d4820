package dev.portcullis.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0) file of type {@code GeoLite2-City} for tests: IPv4 only,
 * 24-bit records, a country, a city and coordinates per network. No writer library for Java
 * exists, so this follows the published MaxMind DB specification directly: a binary search tree
 * over the address bits, 16 zero bytes, the data section, then the metadata marker and map.
 */
public final class TestGeoIpDatabase {

    private final List<Network> networks = new ArrayList<>();

    record Network(byte[] address, int prefix, Map<String, Object> data) {
    }

    /** Adds an IPv4 network, e.g. {@code ("81.2.69.0", 24, "GB", "London", 51.5, -0.12)}. */
    public TestGeoIpDatabase city(String ipv4, int prefix, String country, String city, double latitude, double longitude) {
        byte[] address = parse(ipv4);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("city", Map.of("names", Map.of("en", city)));
        data.put("country", Map.of("iso_code", country, "names", Map.of("en", country)));
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("latitude", latitude);
        location.put("longitude", longitude);
        data.put("location", location);
        networks.add(new Network(address, prefix, data));
        return this;
    }

    public Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    byte[] bytes() {
        // Data section: one map per network.
        ByteArrayOutputStream dataSection = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Network network : networks) {
            offsets.add(dataSection.size());
            encode(network.data(), dataSection);
        }
        // Search tree: nodes hold two children, each another node or a data offset.
        List<Object[]> nodes = new ArrayList<>();
        nodes.add(new Object[2]);
        for (int n = 0; n < networks.size(); n++) {
            Network network = networks.get(n);
            int node = 0;
            for (int bit = 0; bit < network.prefix(); bit++) {
                int side = (network.address()[bit / 8] >> (7 - bit % 8)) & 1;
                if (bit == network.prefix() - 1) {
                    nodes.get(node)[side] = new DataRef(offsets.get(n));
                } else {
                    if (!(nodes.get(node)[side] instanceof Integer)) {
                        nodes.add(new Object[2]);
                        nodes.get(node)[side] = nodes.size() - 1;
                    }
                    node = (Integer) nodes.get(node)[side];
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] node : nodes) {
            for (Object child : node) {
                long record = child instanceof Integer next ? next
                        : child instanceof DataRef ref ? nodeCount + 16L + ref.offset() : nodeCount;
                out.write((int) (record >> 16) & 0xff);
                out.write((int) (record >> 8) & 0xff);
                out.write((int) record & 0xff);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(dataSection.toByteArray());
        out.writeBytes(new byte[] { (byte) 0xAB, (byte) 0xCD, (byte) 0xEF });
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new UInt32(nodeCount));
        metadata.put("record_size", new UInt16(24));
        metadata.put("ip_version", new UInt16(4));
        metadata.put("database_type", "GeoLite2-City");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new UInt16(2));
        metadata.put("binary_format_minor_version", new UInt16(0));
        metadata.put("build_epoch", new UInt64(1_700_000_000L));
        metadata.put("description", Map.of("en", "Portcullis test places"));
        encode(metadata, out);
        return out.toByteArray();
    }

    private record DataRef(int offset) {
    }

    private record UInt16(int value) {
    }

    private record UInt32(long value) {
    }

    private record UInt64(long value) {
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Double number) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits(number);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >> (8 * i)) & 0xff);
            }
        } else if (value instanceof UInt16 number) {
            unsigned(5, number.value(), out);
        } else if (value instanceof UInt32 number) {
            unsigned(6, number.value(), out);
        } else if (value instanceof UInt64 number) {
            unsigned(9, number.value(), out);
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                encode(entry.getKey().toString(), out);
                encode(entry.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            control(11, list.size(), out);
            for (Object item : list) {
                encode(item, out);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int size = 0;
        for (long v = value; v != 0; v >>>= 8) {
            size++;
        }
        control(type, size, out);
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >> (8 * i)) & 0xff);
        }
    }

    /** The control byte (and extended type byte and size bytes) of spec section "Data Section Separator". */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeBits;
        byte[] extra;
        if (size < 29) {
            sizeBits = size;
            extra = new byte[0];
        } else if (size < 285) {
            sizeBits = 29;
            extra = new byte[] { (byte) (size - 29) };
        } else {
            int rest = size - 285;
            sizeBits = 30;
            extra = new byte[] { (byte) (rest >> 8), (byte) rest };
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }

    private static byte[] parse(String ipv4) {
        String[] parts = ipv4.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }
}
