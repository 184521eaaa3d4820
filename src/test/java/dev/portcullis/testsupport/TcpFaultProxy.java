package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that a test puts between the application and its database, to
 * make the database fail the ways networks do (issue 9, FLT-*):
 * <ul>
 * <li>{@link #cut()}: every open connection is closed at once and new ones are closed as soon as
 *     they are accepted, until {@link #restore()} (the database host went away);</li>
 * <li>{@link #blackhole()}: connections are accepted but nothing is forwarded either way, on new
 *     and on open connections (a hung host or a dropped route: only timeouts end a wait);</li>
 * <li>{@link #cutWhenSent(String)}: forwarding until the client sends those bytes (a piece of SQL,
 *     with {@code sslmode=disable&prepareThreshold=0} so that statements travel as text), then a
 *     {@link #cut()} before they reach the server: the database is lost part-way through a request
 *     or a transaction;</li>
 * <li>{@link #restore()}: forwarding again. Connections that lost bytes in a blackhole are closed,
 *     because their protocol stream is broken; the pool opens new ones.</li>
 * </ul>
 * Plain blocking sockets, two daemon threads per connection: a test opens a handful.
 */
public final class TcpFaultProxy implements AutoCloseable {

    enum Mode { FORWARD, CUT, BLACKHOLE }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;
    private volatile byte[] cutWhenSent;

    public TcpFaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket();
            this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-fault-proxy-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the host and port of a {@code jdbc:postgresql://host:port/db...} URL. */
    public static TcpFaultProxy forJdbcUrl(String jdbcUrl) {
        HostPort target = HostPort.of(jdbcUrl);
        return new TcpFaultProxy(target.host(), target.port());
    }

    /** The same JDBC URL, pointing at this proxy instead of the database. */
    public String proxiedJdbcUrl(String jdbcUrl) {
        HostPort target = HostPort.of(jdbcUrl);
        return jdbcUrl.replaceFirst(java.util.regex.Pattern.quote(target.authority()),
                java.util.regex.Matcher.quoteReplacement("127.0.0.1:" + port()));
    }

    public int port() {
        return this.server.getLocalPort();
    }

    /** Connections accepted so far (whatever happened to them). */
    public int accepted() {
        return this.accepted.get();
    }

    /** Connections currently open through the proxy. */
    public int open() {
        return this.links.size();
    }

    /** Closes every open connection now, and each new one as it arrives, until {@link #restore()}. */
    public void cut() {
        this.mode = Mode.CUT;
        closeAll();
    }

    /**
     * Cuts as soon as a client sends {@code text} (UTF-8), before it is forwarded: the statement
     * never reaches the server and its connection, with any open transaction, is lost.
     */
    public void cutWhenSent(String text) {
        this.cutWhenSent = text.getBytes(StandardCharsets.UTF_8);
    }

    /** Stops forwarding on every connection, open or new: waits end only by the client's timeouts. */
    public void blackhole() {
        this.mode = Mode.BLACKHOLE;
        this.links.forEach(link -> link.silenced = true);
    }

    /** Forwards again. Connections silenced by a blackhole are closed: they lost bytes. */
    public void restore() {
        this.cutWhenSent = null;
        this.mode = Mode.FORWARD;
        for (Link link : this.links) {
            if (link.silenced) {
                link.close();
            }
        }
    }

    Mode mode() {
        return this.mode;
    }

    @Override
    public void close() {
        this.closed = true;
        try {
            this.server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeAll();
    }

    private void closeAll() {
        for (Link link : this.links) {
            link.close();
        }
    }

    private void acceptLoop() {
        while (!this.closed) {
            Socket client;
            try {
                client = this.server.accept();
            } catch (IOException e) {
                if (this.closed) {
                    return;
                }
                continue;
            }
            this.accepted.incrementAndGet();
            Mode now = this.mode;
            if (now == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            Link link = new Link(client);
            this.links.add(link);
            if (now == Mode.BLACKHOLE) {
                // Held open, never connected onwards: the client waits for a server greeting that never comes.
                link.silenced = true;
                start(() -> link.drain(), "tcp-fault-proxy-hold");
                continue;
            }
            try {
                link.connect(this.targetHost, this.targetPort);
            } catch (IOException e) {
                link.close();
                continue;
            }
            start(() -> link.pump(link.client, link.upstream, true), "tcp-fault-proxy-up");
            start(() -> link.pump(link.upstream, link.client, false), "tcp-fault-proxy-down");
        }
    }

    /** Whether {@code needle} occurs in the first {@code length} bytes of {@code haystack}. */
    static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One client connection and, unless blackholed from the start, its connection to the target. */
    private final class Link {

        final Socket client;
        volatile Socket upstream;
        volatile boolean silenced;

        Link(Socket client) {
            this.client = client;
        }

        void connect(String host, int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setTcpNoDelay(true);
            this.client.setTcpNoDelay(true);
            this.upstream = socket;
        }

        /** Copies bytes one way; while silenced, reads and drops them. Ends the link when either side ends. */
        void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (this.silenced) {
                        continue;
                    }
                    byte[] trigger = TcpFaultProxy.this.cutWhenSent;
                    if (fromClient && trigger != null && contains(buffer, read, trigger)) {
                        TcpFaultProxy.this.cut();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (SocketException e) {
                // closed by cut(), restore() or the other side
            } catch (IOException e) {
                // the same: the link is over
            } finally {
                close();
            }
        }

        /** Reads and drops what a blackholed client sends, until it gives up or the proxy closes it. */
        void drain() {
            byte[] buffer = new byte[4096];
            try {
                InputStream in = this.client.getInputStream();
                while (in.read(buffer) >= 0) {
                    // dropped
                }
            } catch (IOException ignored) {
                // closed
            } finally {
                close();
            }
        }

        void close() {
            TcpFaultProxy.this.links.remove(this);
            closeQuietly(this.client);
            closeQuietly(this.upstream);
        }
    }

    /** Host and port of a {@code jdbc:postgresql://host[:port]/...} URL. */
    record HostPort(String authority, String host, int port) {

        static HostPort of(String jdbcUrl) {
            String prefix = "jdbc:postgresql://";
            if (!jdbcUrl.startsWith(prefix)) {
                throw new IllegalArgumentException("not a jdbc:postgresql:// URL: " + jdbcUrl);
            }
            String rest = jdbcUrl.substring(prefix.length());
            int end = rest.indexOf('/');
            String authority = end < 0 ? rest : rest.substring(0, end);
            int colon = authority.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(authority, authority, 5432);
            }
            return new HostPort(authority, authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
        }
    }
}
