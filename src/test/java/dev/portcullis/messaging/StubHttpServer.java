package dev.portcullis.messaging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A provider's API on 127.0.0.1 for tests: records every request and answers from a script
 * (status, body, delay, or a dropped connection). Unscripted requests get the fallback answer.
 */
public final class StubHttpServer implements AutoCloseable {

    /** One request as it arrived; header names are case-insensitive. */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
            String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One scripted answer. */
    public record Answer(int status, String contentType, String body, Duration delay, boolean drop) {

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Duration.ZERO, false);
        }

        public static Answer text(int status, String contentType, String body) {
            return new Answer(status, contentType, body, Duration.ZERO, false);
        }

        /** Reads the request, then closes the connection without answering. */
        public static Answer dropConnection() {
            return new Answer(0, null, null, Duration.ZERO, true);
        }

        public Answer after(Duration delay) {
            return new Answer(status, contentType, body, delay, drop);
        }
    }

    private final HttpServer server;

    private final ExecutorService handlers;

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final Deque<Answer> script = new ArrayDeque<>();

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile Answer fallback = Answer.json(500, "{\"error\":\"no answer scripted\"}");

    private StubHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one thread per request, so that a delayed answer does not hold up the next request
        handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stub-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubHttpServer start() {
        try {
            return new StubHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next request with this; answers queue in order. */
    public StubHttpServer enqueue(Answer answer) {
        synchronized (script) {
            script.add(answer);
        }
        return this;
    }

    /** Answers every request that has no scripted answer with this. */
    public StubHttpServer otherwise(Answer answer) {
        this.fallback = answer;
        return this;
    }

    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    /**
     * Waits until no request is being answered (a delayed answer has gone out), then a little
     * longer, so that a client's hidden retry would have arrived by now.
     */
    public void awaitQuiet(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers),
                    new String(body, StandardCharsets.UTF_8)));
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? fallback : script.poll();
            }
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            if (answer.drop()) {
                // closing before sending headers makes the JDK server drop the connection
                exchange.close();
                return;
            }
            byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            // the client gave up (timeout) before the answer went out
            exchange.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
