package dev.portcullis.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop sign-in load over real HTTP, the way a browser signs in: GET /signin for the form's
 * CSRF token, POST the email address and password, follow to the authenticator-app page, POST the
 * code for the account's seed and land on a signed-in page. Each virtual user is one thread with
 * its own connection and its own cookie jar, emptied before every sign-in (a new visitor), and
 * takes a distinct account each time (a TOTP step is single use per account). Bounded by a count
 * and a duration; in-flight sign-ins finish after the deadline and are counted.
 */
final class SignInLoad {

    static final String SIGNIN = "/signin";
    static final String CHALLENGE = "/signin/factor/totp";

    record Outcome(int concurrency, int completed, int errors, double seconds, double perSecond,
                   double p50Ms, double p99Ms, String firstError) {
    }

    private final String base;
    private final BenchAccounts accounts;

    SignInLoad(String base, BenchAccounts accounts) {
        this.base = base;
        this.accounts = accounts;
    }

    /** The password step and the GET of the authenticator-app page: afterwards the session waits for a code. */
    void toChallenge(BrowserSession browser, BenchAccounts.Use use) throws IOException, InterruptedException {
        browser.forget();
        BrowserSession.Page form = browser.get(SIGNIN);
        expect(form.status() == 200, "GET /signin gave " + form.status());
        BrowserSession.Page afterPassword = browser.post(SIGNIN, Map.of("email", use.email(), "password", BenchAccounts.PASSWORD));
        expect(afterPassword.status() == 302 && "/signin/factor".equals(afterPassword.redirect()),
                "POST /signin for " + use.email() + " gave " + afterPassword.status() + " to " + afterPassword.redirect());
        BrowserSession.Page chooser = browser.get(afterPassword.redirect());
        expect(chooser.status() == 302 && CHALLENGE.equals(chooser.redirect()),
                "GET /signin/factor gave " + chooser.status() + " to " + chooser.redirect());
        BrowserSession.Page challenge = browser.get(CHALLENGE);
        expect(challenge.status() == 200 && challenge.body().contains("name=\"code\""),
                "GET " + CHALLENGE + " gave " + challenge.status() + " without a code field");
    }

    /** POSTs the code and follows to the signed-in page. */
    void secondStep(BrowserSession browser, BenchAccounts.Use use) throws IOException, InterruptedException {
        BrowserSession.Page afterCode = browser.post(CHALLENGE, Map.of("code", use.code()));
        expect(afterCode.status() == 302 && afterCode.redirect() != null && !afterCode.redirect().startsWith("/signin"),
                "POST " + CHALLENGE + " for " + use.email() + " step " + use.step() + " gave " + afterCode.status()
                        + " to " + afterCode.redirect());
        BrowserSession.Page landed = browser.get(afterCode.redirect());
        expect(landed.status() == 200, "GET " + afterCode.redirect() + " after the code gave " + landed.status()
                + (landed.redirect() == null ? "" : " to " + landed.redirect()));
    }

    /** A whole sign-in, for callers that need a signed-in session (People Finder). */
    BrowserSession signedIn(HttpClient client, long deadlineNanos) throws IOException, InterruptedException {
        BenchAccounts.Use use = accounts.next(deadlineNanos);
        expect(use != null, "no account free for a sign-in before the deadline");
        BrowserSession browser = new BrowserSession(base, client);
        toChallenge(browser, use);
        secondStep(browser, use);
        return browser;
    }

    /** Full sign-ins by {@code concurrency} virtual users for {@code seconds} or {@code maxCount} sign-ins. */
    Outcome fullSignIns(int concurrency, double seconds, int maxCount) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long begin = System.nanoTime();
        long deadline = begin + (long) (seconds * 1e9);
        List<Thread> users = new ArrayList<>();
        for (int u = 0; u < concurrency; u++) {
            Thread user = new Thread(() -> {
                BrowserSession browser = new BrowserSession(base, BrowserSession.newClient());
                try {
                    while (System.nanoTime() < deadline && started.incrementAndGet() <= maxCount) {
                        BenchAccounts.Use use = accounts.next(deadline);
                        if (use == null) {
                            break;
                        }
                        long t0 = System.nanoTime();
                        try {
                            toChallenge(browser, use);
                            secondStep(browser, use);
                            latencies.add(System.nanoTime() - t0);
                        } catch (IOException | RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, String.valueOf(e));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-user-" + u);
            users.add(user);
            user.start();
        }
        for (Thread user : users) {
            user.join();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        int completed = latencies.count();
        return new Outcome(concurrency, completed, errors.get(), elapsed, completed / elapsed,
                latencies.percentileMs(50), latencies.percentileMs(99), firstError.get());
    }

    private record Prepared(BrowserSession browser, BenchAccounts.Use use) {
    }

    /**
     * Second step only: {@code sessions} visitors are first taken through the password step (not
     * timed), then {@code concurrency} workers POST their codes as fast as they complete.
     */
    Outcome secondStepOnly(int concurrency, int sessions, double maxPrepareSeconds, CpuMeter meter) throws InterruptedException {
        HttpClient shared = BrowserSession.newClient();
        ConcurrentLinkedQueue<Prepared> ready = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicInteger toPrepare = new AtomicInteger(sessions);
        long prepareDeadline = System.nanoTime() + (long) (maxPrepareSeconds * 1e9);
        runWorkers(concurrency, () -> {
            while (toPrepare.getAndDecrement() > 0 && System.nanoTime() < prepareDeadline) {
                BenchAccounts.Use use = accounts.next(prepareDeadline);
                if (use == null) {
                    return;
                }
                BrowserSession browser = new BrowserSession(base, shared);
                try {
                    toChallenge(browser, use);
                    ready.add(new Prepared(browser, use));
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "preparing: " + e);
                }
            }
        });
        Latencies latencies = new Latencies();
        meter.start();
        long begin = System.nanoTime();
        runWorkers(concurrency, () -> {
            Prepared next;
            while ((next = ready.poll()) != null) {
                long t0 = System.nanoTime();
                try {
                    BenchAccounts.Use now = accounts.renew(next.use(), System.nanoTime() + 60_000_000_000L);
                    expect(now != null, "no step free for " + next.use().email() + " within a minute");
                    secondStep(next.browser(), now);
                    latencies.add(System.nanoTime() - t0);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e));
                }
            }
        });
        double elapsed = (System.nanoTime() - begin) / 1e9;
        int completed = latencies.count();
        return new Outcome(concurrency, completed, errors.get(), elapsed, completed / elapsed,
                latencies.percentileMs(50), latencies.percentileMs(99), firstError.get());
    }

    interface Work {
        void run() throws InterruptedException;
    }

    static void runWorkers(int count, Work work) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-worker-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
