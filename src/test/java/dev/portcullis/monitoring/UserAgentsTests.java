package dev.portcullis.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentsTests {

    @Test
    void describeCommonBrowsersInPlainWords() {
        assertThat(UserAgents.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"))
                .isEqualTo("Microsoft Edge on Windows");
        assertThat(UserAgents.describe("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).isEqualTo("Firefox on Linux");
        assertThat(UserAgents.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari on iPhone");
        assertThat(UserAgents.describe("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"))
                .isEqualTo("Chrome on Android");
        assertThat(UserAgents.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"))
                .isEqualTo("Safari on Mac");
        assertThat(UserAgents.describe("Java-http-client/17")).isEqualTo("Unknown browser");
        assertThat(UserAgents.describe(null)).isEqualTo("Unknown device");
    }

    @Test
    void networksAreSlash24AndSlash48() {
        assertThat(Networks.of("192.0.2.77")).isEqualTo("192.0.2.0/24");
        assertThat(Networks.of("2001:db8:abcd:12::1")).isEqualTo("2001:db8:abcd::/48");
        assertThat(Networks.of("example.org")).as("names are never resolved").isNull();
        assertThat(Networks.of(null)).isNull();
    }
}
