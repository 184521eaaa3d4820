package dev.portcullis.oidc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * The relying application's own pages in browser tests: where Portcullis sends the browser back
 * to ({@code /callback}, {@code /signed-out}). A plain accessible page, so the browser's
 * accessibility check passes there too; the test reads the code from the address bar.
 */
final class ApplicationPages implements AutoCloseable {

    private final HttpServer server;

    ApplicationPages(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = """
                    <!DOCTYPE html>
                    <html lang="en-GB"><head><meta charset="utf-8"><title>Webmail</title></head>
                    <body><main><h1>Webmail</h1><p id="arrived">Signing you in.</p></main></body></html>
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
