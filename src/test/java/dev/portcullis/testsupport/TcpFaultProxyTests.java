package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault proxy itself, in front of a small echo server: forward, cut, blackhole, restore. */
class TcpFaultProxyTests {

    private ServerSocket echo;
    private TcpFaultProxy proxy;

    @BeforeEach
    void echoServerBehindProxy() throws IOException {
        this.echo = new ServerSocket();
        this.echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> {
            while (!this.echo.isClosed()) {
                try {
                    Socket socket = this.echo.accept();
                    Thread worker = new Thread(() -> echo(socket));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        this.proxy = new TcpFaultProxy("127.0.0.1", this.echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        this.proxy.close();
        this.echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
            assertThat(roundTrip(socket, "again")).isEqualTo("again");
        }
    }

    @Test
    void cutClosesOpenConnectionsAndNewOnesUntilRestored() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            this.proxy.cut();

            assertThat(endedOrFailed(open)).as("the open connection was closed").isTrue();
            try (Socket during = connect()) {
                assertThat(endedOrFailed(during)).as("a new connection is closed at once").isTrue();
            }
        }
        this.proxy.restore();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "after")).isEqualTo("after");
        }
    }

    @Test
    void blackholeForwardsNothingOnOpenOrNewConnectionsAndRestoreClosesTheSilencedOnes() throws IOException {
        try (Socket open = connect(); Socket spare = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            this.proxy.blackhole();

            assertThatThrownBy(() -> roundTrip(open, "lost")).isInstanceOf(SocketTimeoutException.class);
            try (Socket during = connect()) {
                assertThatThrownBy(() -> roundTrip(during, "lost")).as("accepted, never answered")
                        .isInstanceOf(SocketTimeoutException.class);
            }

            this.proxy.restore();

            assertThat(endedOrFailed(open)).as("a connection that lost bytes is not reused").isTrue();
            assertThat(endedOrFailed(spare)).isTrue();
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "after")).isEqualTo("after");
        }
    }

    @Test
    void cutWhenSentForwardsUntilTheBytesAppearAndNeverForwardsThem() throws IOException {
        this.proxy.cutWhenSent("UPDATE mfa_totp");
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "SELECT 1")).isEqualTo("SELECT 1");

            assertThatThrownBy(() -> roundTrip(open, "xxUPDATE mfa_totp SET")).isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);

            try (Socket during = connect()) {
                assertThat(endedOrFailed(during)).as("cut until restored").isTrue();
            }
        }
        this.proxy.restore();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "UPDATE mfa_totp")).as("the trigger is disarmed by restore").isEqualTo("UPDATE mfa_totp");
        }
    }

    @Test
    void pointsAJdbcUrlAtTheProxy() {
        String url = "jdbc:postgresql://127.0.0.1:5432/portcullis_test?currentSchema=t_1";

        assertThat(this.proxy.proxiedJdbcUrl(url))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + this.proxy.port() + "/portcullis_test?currentSchema=t_1");
        assertThat(TcpFaultProxy.HostPort.of("jdbc:postgresql://db.example/x").port()).isEqualTo(5432);
        assertThat(TcpFaultProxy.HostPort.of("jdbc:postgresql://db.example:6543/x").host()).isEqualTo("db.example");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.proxy.port()), 2_000);
        socket.setSoTimeout(500);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] answer = new byte[text.length()];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < answer.length) {
            int n = in.read(answer, read, answer.length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " bytes");
            }
            read += n;
        }
        return new String(answer, StandardCharsets.US_ASCII);
    }

    /** True when the connection reads end-of-stream or fails (reset), not when it merely waits. */
    private static boolean endedOrFailed(Socket socket) {
        try {
            socket.getOutputStream().write('x');
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other side went away
        }
    }
}
