package dev.portcullis.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OIDC refresh-token grants per second: each virtual user signs in, runs the authorization code
 * flow with PKCE for the benchmark client, then refreshes in a closed loop, always with the
 * newest refresh token (Portcullis rotates them on every use). The client is registered at
 * start-up through {@code spring.security.oauth2.authorizationserver.client.*} ({@link #serverProperties}).
 */
final class TokenRefreshLoad {

    static final String CLIENT_ID = "bench";
    static final String CLIENT_SECRET = "bench-secret-0123456789";
    static final String REDIRECT_URI = "http://127.0.0.1/bench/callback";

    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    /** The server properties that register the benchmark client. */
    static Map<String, String> serverProperties() {
        String p = "spring.security.oauth2.authorizationserver.client.bench.registration.";
        Map<String, String> props = new LinkedHashMap<>();
        props.put(p + "client-id", CLIENT_ID);
        props.put(p + "client-name", "Benchmark");
        props.put(p + "client-secret", "{noop}" + CLIENT_SECRET);
        props.put(p + "client-authentication-methods", "client_secret_post");
        props.put(p + "authorization-grant-types", "authorization_code,refresh_token");
        props.put(p + "redirect-uris", REDIRECT_URI);
        props.put(p + "scopes", "openid,offline_access");
        return props;
    }

    private final String base;
    private final SignInLoad signIns;

    TokenRefreshLoad(String base, SignInLoad signIns) {
        this.base = base;
        this.signIns = signIns;
    }

    /** The first refresh token of a new sign-in. */
    String firstRefreshToken(HttpClient client) throws IOException, InterruptedException {
        BrowserSession browser = signIns.signedIn(client, System.nanoTime() + 90_000_000_000L);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random32());
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        BrowserSession.Page authorize = browser.get("/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=" + enc(REDIRECT_URI) + "&scope=" + enc("openid offline_access") + "&state=bench"
                + "&code_challenge=" + challenge + "&code_challenge_method=S256");
        SignInLoad.expect(authorize.status() == 302 && authorize.location() != null && authorize.location().startsWith(REDIRECT_URI),
                "GET /oauth2/authorize gave " + authorize.status() + " to " + authorize.location());
        Matcher code = CODE.matcher(authorize.location());
        SignInLoad.expect(code.find(), "no code in " + authorize.location());
        // The application's back end, not the browser: no cookies, no CSRF token.
        BrowserSession.Page token = new BrowserSession(base, client).post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", REDIRECT_URI,
                "code_verifier", verifier, "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        return refreshTokenOf(token, "authorization_code");
    }

    /**
     * Refresh-token grants in a closed loop for {@code seconds}, after {@code warmupSeconds} of the
     * same grants that are not counted (the JIT has not seen this path during the sign-in runs).
     */
    SignInLoad.Outcome run(int concurrency, double warmupSeconds, double seconds, CpuMeter meter) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<Long> begin = new AtomicReference<>();
        String[] tokens = new String[concurrency];
        HttpClient[] clients = new HttpClient[concurrency];
        AtomicInteger slot = new AtomicInteger();
        SignInLoad.runWorkers(concurrency, () -> {
            int me = slot.getAndIncrement();
            clients[me] = BrowserSession.newClient();
            try {
                tokens[me] = firstRefreshToken(clients[me]);
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, "authorization code flow: " + e);
            }
        });
        if (warmupSeconds > 0) {
            refreshUntil(System.nanoTime() + (long) (warmupSeconds * 1e9), tokens, clients, new Latencies(), errors, firstError);
        }
        meter.start();
        long start = System.nanoTime();
        refreshUntil(start + (long) (seconds * 1e9), tokens, clients, latencies, errors, firstError);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int completed = latencies.count();
        return new SignInLoad.Outcome(concurrency, completed, errors.get(), elapsed, completed / elapsed,
                latencies.percentileMs(50), latencies.percentileMs(99), firstError.get());
    }

    private void refreshUntil(long deadline, String[] tokens, HttpClient[] clients, Latencies latencies, AtomicInteger errors,
                              AtomicReference<String> firstError) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        SignInLoad.runWorkers(tokens.length, () -> {
            int me = next.getAndIncrement();
            if (tokens[me] == null) {
                return;
            }
            BrowserSession tokenClient = new BrowserSession(base, clients[me]);
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try {
                    tokenClient.forget();
                    BrowserSession.Page page = tokenClient.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                            "refresh_token", tokens[me], "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
                    tokens[me] = refreshTokenOf(page, "refresh_token");
                    latencies.add(System.nanoTime() - t0);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e));
                    tokens[me] = null;
                    return;
                }
            }
        });
    }

    private static String refreshTokenOf(BrowserSession.Page page, String grant) {
        SignInLoad.expect(page.status() == 200, grant + " grant gave " + page.status() + ": "
                + page.body().substring(0, Math.min(200, page.body().length())));
        Matcher m = REFRESH.matcher(page.body());
        SignInLoad.expect(m.find(), grant + " grant returned no refresh token");
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
