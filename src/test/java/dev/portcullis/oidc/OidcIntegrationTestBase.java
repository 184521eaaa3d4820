package dev.portcullis.oidc;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.AccountService;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;

/**
 * One running application for every OIDC integration and browser test class (they share this
 * configuration, so Spring starts it once): a fixed port known before start-up (the issuer is the
 * public base URL), two applications declared with Spring Boot's client properties, a clock
 * tests can move, and a phishing-resistant test factor for HTTP-only step-up tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(OidcTestFixtures.class)
abstract class OidcIntegrationTestBase {

    static final int PORT = OidcTestBed.freePort();
    static final int RP_PORT = OidcTestBed.freePort();
    static final String BASE = "http://localhost:" + PORT;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        OidcTestBed.properties(registry, PORT, RP_PORT);
    }

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected OrganisationService organisations;

    @Autowired
    protected AuditLog audit;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TestSecurityKey testKey;

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    protected long accountId(String email) {
        return accounts.findByEmail(email).orElseThrow().id();
    }

    protected List<String> auditDetails(String type) {
        return audit.recentOfType(type, 50).stream().map(RecordedAuditEvent::detail).toList();
    }
}
