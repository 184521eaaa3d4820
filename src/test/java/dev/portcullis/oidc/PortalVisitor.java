package dev.portcullis.oidc;

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
 * One person's browser, reduced to HTTP: its own cookies (so its own portal session), redirects
 * not followed so tests see each step, forms posted with the CSRF token of the last page.
 */
final class PortalVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");

    private final String base;
    private final HttpClient client;
    private String csrf;

    PortalVisitor(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    record Page(int status, String location, String body) {

        /** The redirect target as a path on the portal, or the whole URL when it leaves it. */
        String redirect() {
            return location;
        }

        String secret() {
            Matcher m = SECRET.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no #totp-secret on the page:\n" + body);
            }
            return m.group(1).strip();
        }
    }

    /** GETs a path on the portal, or an absolute URL. */
    Page get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html").GET());
    }

    Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Posts a form without any CSRF token, as a forged cross-site request would. */
    Page postWithoutCsrf(String path, Map<String, String> fields) {
        String saved = csrf;
        csrf = null;
        try {
            return post(path, fields);
        } finally {
            csrf = saved;
        }
    }

    /** Follows redirects on the portal until a page is shown or the way leads elsewhere (to an application). */
    Page follow(Page page) {
        Page current = page;
        for (int i = 0; i < 12 && current.status() / 100 == 3 && onPortal(current.location()); i++) {
            current = get(current.location());
        }
        return current;
    }

    /** The password step, not followed. */
    Page signIn(String email, String password) {
        get("/signin");
        return post("/signin", Map.of("email", email, "password", password));
    }

    boolean onPortal(String location) {
        return location != null && (location.startsWith("/") && !location.startsWith("//") || location.startsWith(base + "/"));
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("/") ? base + pathOrUrl : pathOrUrl);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1) != null ? m.group(1) : m.group(2);
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
