package dev.portcullis.mfa.recovery;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One visitor with its own cookies (its own session) over real HTTP. Redirects are not followed,
 * so tests see each step; forms carry the CSRF token of the last page that had one.
 */
final class Visitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final String base;
    private final HttpClient client;
    private String csrf;

    Visitor(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    record Page(int status, String location, String body) {

        /** The redirect target as a path (with query), or null. */
        String redirect() {
            if (location == null) {
                return null;
            }
            int scheme = location.indexOf("://");
            if (scheme < 0) {
                return location;
            }
            int path = location.indexOf('/', scheme + 3);
            return path < 0 ? "/" : location.substring(path);
        }

        /** The value of a hidden or text input, by name. */
        String field(String name) {
            Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(body);
            if (!m.find()) {
                throw new AssertionError("no field " + name + " on the page:\n" + body);
            }
            return m.group(1);
        }
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A forged cross-site post: no CSRF token. */
    Page postWithoutCsrf(String path, Map<String, String> fields) {
        String saved = csrf;
        csrf = null;
        try {
            return post(path, fields);
        } finally {
            csrf = saved;
        }
    }

    Page follow(Page page) {
        Page current = page;
        for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
            current = get(current.redirect());
        }
        return current;
    }

    /** The password step; returns its (unfollowed) response. */
    Page signIn(String email, String password) {
        get("/signin");
        return post("/signin", Map.of("email", email, "password", password));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1) != null ? m.group(1) : m.group(2);
            }
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
