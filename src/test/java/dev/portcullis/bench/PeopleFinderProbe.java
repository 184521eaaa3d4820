package dev.portcullis.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * People Finder latency over HTTP for a few searches: the first time each is run (cold: its
 * index pages and rows not yet cached by this run), then {@code repeats} more times (warm). A
 * signed-in account may search 60 times a minute (INP-03), so the probe signs in a fresh
 * account every {@value #SEARCHES_PER_SESSION} searches instead of raising the limit.
 */
final class PeopleFinderProbe {

    static final List<String> QUERIES = List.of("smith", "amelia jones", "cardiology", "staff nurse leeds",
            "user4242", "obrien", "zzqx");

    private static final int SEARCHES_PER_SESSION = 50;

    record QueryTimes(String query, double coldMs, double warmP50Ms, double warmP95Ms) {
    }

    record Outcome(List<QueryTimes> queries, double coldP50Ms, double coldP95Ms, double warmP50Ms, double warmP95Ms,
                   int searches, int errors, String firstError) {
    }

    private final SignInLoad signIns;
    private final String base;
    private final HttpClient client = BrowserSession.newClient();
    private BrowserSession session;
    private int used;

    PeopleFinderProbe(String base, SignInLoad signIns) {
        this.base = base;
        this.signIns = signIns;
    }

    Outcome run(int repeats) throws InterruptedException {
        Latencies cold = new Latencies();
        Latencies warm = new Latencies();
        List<QueryTimes> perQuery = new ArrayList<>();
        int errors = 0;
        int searches = 0;
        String firstError = null;
        for (String q : QUERIES) {
            Latencies mine = new Latencies();
            double coldMs = Double.NaN;
            for (int i = 0; i <= repeats; i++) {
                try {
                    long took = search(q);
                    searches++;
                    if (i == 0) {
                        cold.add(took);
                        coldMs = took / 1e6;
                    } else {
                        warm.add(took);
                        mine.add(took);
                    }
                } catch (IOException | RuntimeException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = String.valueOf(e);
                    }
                }
            }
            perQuery.add(new QueryTimes(q, coldMs, mine.percentileMs(50), mine.percentileMs(95)));
        }
        return new Outcome(perQuery, cold.percentileMs(50), cold.percentileMs(95), warm.percentileMs(50),
                warm.percentileMs(95), searches, errors, firstError);
    }

    private long search(String q) throws IOException, InterruptedException {
        if (session == null || used >= SEARCHES_PER_SESSION) {
            session = signIns.signedIn(client, System.nanoTime() + 90_000_000_000L);
            used = 0;
        }
        used++;
        String path = "/people?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        BrowserSession.Page page = session.get(path);
        long took = System.nanoTime() - t0;
        SignInLoad.expect(page.status() == 200, "GET " + path + " gave " + page.status());
        return took;
    }
}
