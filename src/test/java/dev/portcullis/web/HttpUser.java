package dev.portcullis.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person using the portal over plain HTTP, as a browser without JavaScript would: it keeps
 * its cookies, never follows redirects by itself (tests look at them), and takes the CSRF token
 * from the last page's hidden {@code _csrf} field, as the page's own form would send it.
 */
public final class HttpUser {

    public static final String SESSION_COOKIE = "PORTCULLIS_SESSION";

    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private String lastCsrf;

    public HttpUser(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.extraHeaders.put("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    /** Sends this header with every request from now on (e.g. {@code X-Forwarded-Proto}); replaces one of that name. */
    public HttpUser withHeader(String name, String value) {
        this.extraHeaders.put(name, value);
        return this;
    }

    /** Puts a cookie in this user's jar, e.g. to replay a stolen or old session cookie. */
    public HttpUser withCookie(String name, String value) {
        this.cookies.put(name, value);
        return this;
    }

    public String cookie(String name) {
        return this.cookies.get(name);
    }

    public String sessionCookie() {
        return cookie(SESSION_COOKIE);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Posts a form with exactly these fields (no CSRF token unless given). */
    public Response postRaw(String path, Map<String, String> fields) {
        return postBody(path, encode(fields));
    }

    /** Posts an already-encoded {@code application/x-www-form-urlencoded} body as it is. */
    public Response postBody(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Posts a form as the last page's form would: with the CSRF token that page carried. */
    public Response post(String path, Map<String, String> fields) {
        if (this.lastCsrf == null) {
            throw new IllegalStateException("No CSRF token seen yet: GET a page with a form first");
        }
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", this.lastCsrf);
        return postRaw(path, withToken);
    }

    /**
     * Uploads one file as {@code multipart/form-data}, as a file-upload form would, with the last
     * page's CSRF token in the {@code X-CSRF-TOKEN} header.
     */
    public Response postFile(String path, String field, String filename, byte[] content) {
        String boundary = "----portcullis" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        body.writeBytes(head);
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (this.lastCsrf != null) {
            request.header("X-CSRF-TOKEN", this.lastCsrf);
        }
        return send(request);
    }

    /** Opens the sign-in page and submits it; answers the POST's response (a redirect). */
    public Response signIn(String email, String password) {
        get("/signin");
        return post("/signin", Map.of("email", email, "password", password));
    }

    /** Signs in and follows the redirect to wherever it leads. */
    public Response signInAndFollow(String email, String password) {
        return follow(signIn(email, password));
    }

    /** Signs out with the sign-out form of the page last seen. */
    public Response signOut() {
        return post("/signout", Map.of());
    }

    /** GETs where a redirect points; a non-redirect is returned as it is. */
    public Response follow(Response response) {
        if (!response.isRedirect()) {
            return response;
        }
        URI location = URI.create(this.baseUrl).resolve(response.header("Location").orElseThrow());
        return get(location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()));
    }

    public String csrfToken() {
        return this.lastCsrf;
    }

    private Response send(HttpRequest.Builder request) {
        if (!this.cookies.isEmpty()) {
            request.header("Cookie", this.cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        this.extraHeaders.forEach(request::header);
        request.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            List<String> setCookies = response.headers().allValues("Set-Cookie");
            for (String setCookie : setCookies) {
                remember(setCookie);
            }
            Response result = new Response(response.statusCode(), response.headers().map(), response.body(), setCookies);
            result.csrfToken().ifPresent(token -> this.lastCsrf = token);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(String setCookie) {
        String[] parts = setCookie.split(";");
        int equals = parts[0].indexOf('=');
        String name = parts[0].substring(0, equals).strip();
        String value = parts[0].substring(equals + 1).strip();
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip().toLowerCase(Locale.ROOT);
            if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
                expired = true;
            }
        }
        if (expired) {
            this.cookies.remove(name);
        } else {
            this.cookies.put(name, value);
        }
    }

    private URI uri(String path) {
        return URI.create(this.baseUrl + path);
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** What came back. Header names are matched case-insensitively. */
    public record Response(int status, Map<String, List<String>> headers, String body, List<String> setCookies) {

        public Optional<String> header(String name) {
            return this.headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            this.headers.forEach((key, list) -> {
                if (key.equalsIgnoreCase(name)) {
                    values.addAll(list);
                }
            });
            return values;
        }

        public boolean isRedirect() {
            return this.status >= 300 && this.status < 400 && header("Location").isPresent();
        }

        /** The redirect's target as path and query, whatever host it names. */
        public String location() {
            URI location = URI.create(header("Location").orElseThrow(() -> new AssertionError("not a redirect: " + this.status)));
            return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
        }

        /** The raw Set-Cookie header for one cookie, if this response set it. */
        public Optional<String> setCookie(String name) {
            return this.setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }

        public Optional<String> csrfToken() {
            if (this.body == null) {
                return Optional.empty();
            }
            Matcher input = CSRF_INPUT.matcher(this.body);
            if (!input.find()) {
                return Optional.empty();
            }
            Matcher value = VALUE.matcher(input.group());
            return value.find() ? Optional.of(value.group(1)) : Optional.empty();
        }

        /** The text of the error summary's message, or empty when the page shows none. */
        public Optional<String> signInProblem() {
            Matcher m = Pattern.compile("id=\"signin-problem\"[^>]*>([^<]*)<").matcher(this.body);
            return m.find() ? Optional.of(unescape(m.group(1)).strip()) : Optional.empty();
        }

        private static String unescape(String html) {
            return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
    }
}
