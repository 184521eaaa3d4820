package dev.portcullis.signin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the per-source counter counts: an IPv4 address, or a whole IPv6 /64. */
class SourceAddressesTests {

    @Test
    void throttleKeyWhenIpv4ThenTheAddressItself() {
        assertThat(SourceAddresses.throttleKey("192.0.2.17")).isEqualTo("192.0.2.17");
        assertThat(SourceAddresses.throttleKey("192.0.2.18")).isNotEqualTo(SourceAddresses.throttleKey("192.0.2.17"));
    }

    @Test
    void rl01_throttleKeyWhenAddressesInOneIpv6SlashSixtyFourThenOneKey() {
        String first = SourceAddresses.throttleKey("2001:db8:85a3:8d3:1319:8a2e:370:7348");
        String second = SourceAddresses.throttleKey("2001:db8:85a3:8d3:ffff:ffff:ffff:1");
        String compressed = SourceAddresses.throttleKey("2001:db8:85a3:8d3::1");

        assertThat(first).isEqualTo(second).isEqualTo(compressed).isEqualTo("2001:db8:85a3:8d3::/64");
    }

    @Test
    void throttleKeyWhenOtherIpv6SlashSixtyFourThenOtherKey() {
        assertThat(SourceAddresses.throttleKey("2001:db8:85a3:8d4::1"))
                .isNotEqualTo(SourceAddresses.throttleKey("2001:db8:85a3:8d3::1"));
    }

    @Test
    void throttleKeyWhenIpv6WrittenInUpperCaseOrLongFormThenSameKey() {
        assertThat(SourceAddresses.throttleKey("2001:0DB8:0000:0001:0:0:0:1"))
                .isEqualTo(SourceAddresses.throttleKey("2001:db8:0:1::2"));
    }

    @Test
    void throttleKeyWhenMissingThenOneSharedKey() {
        assertThat(SourceAddresses.throttleKey(null)).isEqualTo("unknown");
        assertThat(SourceAddresses.throttleKey("  ")).isEqualTo("unknown");
    }
}
