package dev.portcullis.mfa.webauthn;

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

import tools.jackson.databind.JsonNode;

/**
 * One browser-like visitor with its own cookies (its own session) talking to the running
 * application over real HTTP, the way webauthn.js does: JSON posts carrying the CSRF token of the
 * last page in the {@code X-CSRF-TOKEN} header. Redirects are not followed, so tests see each step.
 */
final class JsonVisitor {

    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private static final Pattern DATA_CSRF = Pattern.compile("data-csrf-token=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private String csrf;

    JsonVisitor(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String origin() {
        return base;
    }

    record Page(int status, String location, String body) {

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

        JsonNode json() {
            return CredentialJson.JSON.readTree(body);
        }

        String field(String name) {
            JsonNode node = json().get(name);
            return node == null || node.isNull() ? null : node.stringValue();
        }
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Page postForm(String path, Map<String, String> fields) {
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

    /** Posts JSON as the page's script does, with the CSRF header. */
    Page postJson(String path, Object body) {
        return postJson(path, body, true);
    }

    Page postJson(String path, Object body, boolean withCsrf) {
        String json = body instanceof String text ? text : CredentialJson.JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf && csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return send(request);
    }

    Page follow(Page page) {
        Page current = page;
        for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
            current = get(current.redirect());
        }
        return current;
    }

    /** The password step; returns the page it leads to, not followed. */
    Page signIn(String email, String password) {
        get("/signin");
        return postForm("/signin", Map.of("email", email, "password", password));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            Matcher form = FORM_CSRF.matcher(body);
            Matcher data = DATA_CSRF.matcher(body);
            if (data.find()) {
                csrf = data.group(1);
            } else if (form.find()) {
                csrf = form.group(1) != null ? form.group(1) : form.group(2);
            }
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
