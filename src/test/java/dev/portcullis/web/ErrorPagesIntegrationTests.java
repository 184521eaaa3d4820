package dev.portcullis.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error pages and bad input (INP-01): a person who mistypes an address gets the NHS "Page not
 * found" page; oversized and malformed requests get a 4xx, never a 500, and never a stack
 * trace, an exception name or the server's version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ErrorPagesIntegrationTests {

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private JdbcClient jdbc;

    private String email;

    private String password;

    private long accountId;

    @BeforeEach
    void account() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.email = "rob." + unique + "@hillside.example";
        this.password = "surgery-bell-" + unique;
        long organisationId = this.organisations.findOrCreate("B81001", "Hillside Surgery").id();
        this.accountId = this.accounts.create(new NewAccount(this.email, "Rob Receptionist", organisationId, Role.USER,
                this.password.toCharArray()), "test", null).id();
    }

    @Test
    void inp01_unknownPathWhenSignedInThenNhsNotFoundPageWithoutStackTrace() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);

        Response page = user.get("/no-such-page/at-all");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Page not found").contains("Rob Receptionist").contains("nhsuk-header");
        assertNoInternals(page.body());
        assertThat(page.header("Content-Security-Policy")).isPresent();
    }

    @Test
    void enum01_unknownPathWhenSignedOutThenSentToSignInWithoutSayingWhetherItExists() {
        HttpUser user = new HttpUser(this.port);

        Response unknown = user.get("/no-such-page");
        Response known = user.get("/account/profile");

        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(302);
        assertThat(unknown.location()).isEqualTo(known.location()).isEqualTo("/signin");
    }

    @Test
    void inp01_unknownPathWhenJsonAskedForThenErrorWithoutTrace() {
        HttpUser user = new HttpUser(this.port).withHeader("Accept", "application/json");
        user.signIn(this.email, this.password);

        Response page = user.get("/no-such-api");

        assertThat(page.status()).isEqualTo(404);
        assertNoInternals(page.body());
        assertThat(page.body()).doesNotContain("\"trace\"").doesNotContain("\"exception\"").doesNotContain("\"message\"");
    }

    @Test
    void inp01_hundredKilobyteSignInFormRefusedWithoutCheckingCredentials() {
        HttpUser user = new HttpUser(this.port);
        user.get("/signin");
        String body = "_csrf=" + user.csrfToken() + "&email=" + this.email + "&password=" + "p".repeat(100 * 1024);

        Response refused = user.postBody("/signin", body);

        assertThat(refused.status()).as(refused.status() + " " + refused.header("Location")).isBetween(400, 499);
        assertNoInternals(refused.body());
        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE :email")
                .param("email", "%" + this.email + "%").query(Long.class).single())
                .as("the credentials were never looked at").isZero();
        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type LIKE 'signin.%' AND subject_account_id = :id")
                .param("id", this.accountId).query(Long.class).single()).isZero();
        assertThat(user.get("/").location()).isEqualTo("/signin");
    }

    @Test
    void inp01_oversizedEmailAddressRefusedWithGenericMessage() {
        HttpUser user = new HttpUser(this.port);

        Response posted = user.signIn("a".repeat(5000) + "@hillside.example", this.password);

        assertThat(posted.location()).isEqualTo("/signin?error");
        Response page = user.follow(posted);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.signInProblem()).contains("The email address or password is not correct");
        assertThat(page.body()).doesNotContain("a".repeat(300));
    }

    @Test
    void inp01_invalidPercentEncodingInPathRefused() throws IOException {
        String response = raw("GET /signin%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(status(response)).isBetween(400, 499);
        assertNoInternals(response);
    }

    @Test
    void inp01_invalidUtf8InPathRefused() throws IOException {
        String response = raw("GET /%C0%AE%C0%AE/signin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(status(response)).isBetween(400, 499);
        assertNoInternals(response);
    }

    @Test
    void inp01_invalidPercentEncodingInSignInFormNeverAServerError() throws IOException {
        HttpUser user = new HttpUser(this.port);
        user.get("/signin");
        String body = "_csrf=" + user.csrfToken() + "&email=%zz%&password=%E0%A4%A";

        Response posted = user.postBody("/signin", body);

        assertThat(posted.status()).isBetween(300, 499);
        assertNoInternals(posted.body());
        String query = raw("GET /signin?email=%zz%25%&x=%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(status(query)).isBetween(200, 499);
        assertNoInternals(query);
    }

    @Test
    void inp01_pathTraversalAndEncodedSlashesRefused() throws IOException {
        for (String path : new String[] {"/..;/actuator/env", "/account/..%2F..%2Fsignin", "/%2e%2e/%2e%2e/etc/passwd",
                "/signin;jsessionid=abc", "/account//profile"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(status(response)).as(path).isBetween(300, 499);
            assertNoInternals(response);
        }
    }

    @Test
    void inp01_headersTooLargeRefused() throws IOException {
        String response = raw("GET /signin HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(status(response)).isBetween(400, 499);
        assertNoInternals(response);
    }

    @Test
    void inp01_malformedRequestLineRefused() throws IOException {
        String response = raw("GET /signin HTTP/1.1 extra\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(status(response)).isBetween(400, 499);
        assertNoInternals(response);
    }

    @Test
    void inp01_traceMethodRefused() throws IOException {
        String response = raw("TRACE /signin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(status(response)).isEqualTo(405);
        assertNoInternals(response);
    }

    @Test
    void inp01_wrongMethodOnPageThenNoServerError() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);
        user.get("/");

        Response posted = user.post("/", Map.of("anything", "x"));

        assertThat(posted.status()).isBetween(400, 499);
        assertNoInternals(posted.body());
    }

    private static void assertNoInternals(String body) {
        assertThat(body == null ? "" : body)
                .doesNotContain("Exception")
                .doesNotContain("java.")
                .doesNotContain("jakarta.")
                .doesNotContain("org.springframework")
                .doesNotContain("org.apache")
                .doesNotContain("dev.portcullis")
                .doesNotContainPattern("\\bat [a-z]+\\.[a-z]+\\.")
                .doesNotContainIgnoringCase("Apache Tomcat")
                .doesNotContain("Whitelabel");
    }

    private static int status(String response) {
        Matcher m = STATUS_LINE.matcher(response);
        assertThat(m.find()).as("a status line in: %s", response.lines().findFirst().orElse("")).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Sends bytes no well-behaved client would, and reads the whole answer. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // the server may close hard after answering a bad request
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
