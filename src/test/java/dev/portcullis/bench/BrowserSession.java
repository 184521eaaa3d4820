package dev.portcullis.bench;

import java.io.IOException;
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
 * One virtual user's browser over real HTTP: its own connection (an {@link HttpClient}), a cookie
 * jar it can empty (a new visitor each sign-in), the CSRF token of the last form it saw, and
 * redirects followed by hand so each step can be checked.
 */
final class BrowserSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final String base;
    private final HttpClient client;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    BrowserSession(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A browser's connection handling: HTTP/1.1 keep-alive, redirects left to the caller. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    record Page(int status, String location, String body) {

        /** The redirect target as a path, or null. */
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
    }

    /** Drops the cookies and token: the next request comes from a new visitor. */
    void forget() {
        cookies.clear();
        csrf = null;
    }

    Page get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with the CSRF token of the last page that carried one. */
    Page post(String path, Map<String, String> fields) throws IOException, InterruptedException {
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

    /** Follows redirects, GETting each, until a page is shown. */
    Page follow(Page page) throws IOException, InterruptedException {
        Page current = page;
        for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
            current = get(current.redirect());
        }
        return current;
    }

    private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
        String body = response.body();
        Matcher m = CSRF.matcher(body);
        if (m.find()) {
            csrf = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), body);
    }
}
