package dev.portcullis.cluster;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.portcullis.web.HttpUser;

/**
 * One browser behind a load balancer without sticky sessions: the test says which node gets each
 * request, and the cookies are kept as a browser keeps them, by host and not by port, so every
 * node sees the same cookie jar. Redirects are not followed; a form is posted with the CSRF token
 * of the last page that carried one, whichever node rendered it.
 */
final class LoadBalancedVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern SIGN_IN_PROBLEM = Pattern.compile("id=\"signin-problem\"[^>]*>([^<]*)<");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(this.cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private String csrf;

    /** What a node answered. */
    record Page(int status, String location, String body) {

        /** The redirect target as path and query, or null. */
        String redirect() {
            if (this.location == null) {
                return null;
            }
            URI uri = URI.create(this.location);
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }

        /** The grouped key shown on the authenticator app enrolment page. */
        String secret() {
            Matcher m = SECRET.matcher(this.body);
            if (!m.find()) {
                throw new AssertionError("no #totp-secret on the page (status " + this.status + "):\n" + this.body);
            }
            return m.group(1).strip();
        }

        /** The sign-in page's error summary, unescaped, or empty. */
        Optional<String> signInProblem() {
            Matcher m = SIGN_IN_PROBLEM.matcher(this.body);
            return m.find()
                    ? Optional.of(m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").strip())
                    : Optional.empty();
        }
    }

    Page get(ClusterNode node, String path) {
        return send(HttpRequest.newBuilder(uri(node, path)).GET());
    }

    /** Posts a form to {@code node} with the CSRF token of the last page seen, from any node. */
    Page post(ClusterNode node, String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (this.csrf != null) {
            all.put("_csrf", this.csrf);
        }
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(node, path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
    }

    /** The password step: the form from {@code formFrom}, posted to {@code postTo}; the answer is not followed. */
    Page signIn(ClusterNode formFrom, ClusterNode postTo, String email, String password) {
        get(formFrom, "/signin");
        return post(postTo, "/signin", Map.of("email", email, "password", password));
    }

    Page signIn(ClusterNode node, String email, String password) {
        return signIn(node, node, email, password);
    }

    /** GETs a redirect's target from {@code node}; a page that is not a redirect is returned as it is. */
    Page follow(ClusterNode node, Page page) {
        return page.redirect() == null ? page : get(node, page.redirect());
    }

    /** The session cookie's current value, as the browser would send it. */
    String sessionCookie() {
        return this.cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals(HttpUser.SESSION_COOKIE))
                .map(HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    private Page send(HttpRequest.Builder request) {
        request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body() == null ? "" : response.body();
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                this.csrf = m.group(1) != null ? m.group(1) : m.group(2);
            }
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(ClusterNode node, String path) {
        return URI.create("http://localhost:" + node.port() + path);
    }
}
