package dev.portcullis.monitoring;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.Cookie;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed device cookie: issued once, HttpOnly, Lax, Secure on HTTPS; forged or altered values refused. */
class DeviceCookiesTests {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final DeviceCookies cookies = new DeviceCookies(KEY, "unused", new SecureRandom());

    @Test
    void ensureWhenNoCookieThenIssuesSignedLongLivedCookie() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/signin");
        request.setSecure(true);
        MockHttpServletResponse response = new MockHttpServletResponse();

        String id = cookies.ensure(request, response);

        String header = response.getHeader("Set-Cookie");
        assertThat(header).startsWith(DeviceCookies.NAME + "=" + id + ".").contains("HttpOnly").contains("Secure")
                .contains("SameSite=Lax").contains("Max-Age=" + DeviceCookies.LIFETIME.toSeconds()).contains("Path=/");
        assertThat(cookies.verify(header.substring(header.indexOf('=') + 1, header.indexOf(';')))).isEqualTo(id);
    }

    @Test
    void ensureWhenHttpThenNotSecure() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies.ensure(new MockHttpServletRequest("GET", "/signin"), response);
        assertThat(response.getHeader("Set-Cookie")).doesNotContain("Secure");
    }

    @Test
    void ensureWhenValidCookieThenKeepsIdAndSetsNothing() {
        String id = "AAAAAAAAAAAAAAAAAAAAAA";
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/signin");
        request.setCookies(new Cookie(DeviceCookies.NAME, cookies.sign(id)));
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(cookies.ensure(request, response)).isEqualTo(id);
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void verifyWhenForgedOrFromAnotherKeyThenRefused() {
        String id = "BBBBBBBBBBBBBBBBBBBBBB";
        String signed = cookies.sign(id);
        DeviceCookies other = new DeviceCookies(Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }),
                "unused", new SecureRandom());
        assertThat(other.verify(signed)).isNull();
        assertThat(cookies.verify("CCCCCCCCCCCCCCCCCCCCCC" + signed.substring(22))).as("id swapped").isNull();
        assertThat(cookies.verify(id)).isNull();
        assertThat(cookies.verify(id + ".")).isNull();
        assertThat(cookies.verify(null)).isNull();
    }
}
