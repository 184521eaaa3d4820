package dev.portcullis.selfservice.passwordreset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Forgotten your password?" when it says no, with the default settings: security questions are
 * not offered at all (REC-04), parallel uses of one link let exactly one through (FLT-05), and
 * every refusal leaves an audit line with its reason while the person sees the same page as ever
 * (SECURITY.md: every negative case is audited).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // The queue is read, not sent: the sender would empty a body once the email had gone.
        properties = {"portcullis.base-url=https://portal.example.nhs.uk", "portcullis.notification.sending=false"})
@Import(ResetTestSupport.Clocks.class)
class PasswordResetRefusalsIntegrationTests extends ResetTestSupport {

    @Test
    void rec04_questionsAreNotOfferedByDefault() {
        Enrolled account = enrolledAccount(true);
        ResetVisitor visitor = linkUsed(account);

        ResetVisitor.Page verify = visitor.get("/signin/reset/verify");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body()).contains(CHALLENGE).doesNotContain("/signin/reset/questions");
        assertThat(visitor.get("/signin/reset/questions").redirect()).isEqualTo("/signin/reset/verify");
        ResetVisitor.Page answered = visitor.post("/signin/reset/questions", answerForm(ANSWERS));
        assertThat(answered.redirect()).isEqualTo("/signin/reset/verify");
        assertThat(audit("selfservice.questions.checked", account.accountId())).as("the answers were not even checked").isEmpty();

        ResetVisitor.Page password = visitor.get("/signin/reset/password");
        assertThat(password.status()).isEqualTo(302);
        assertThat(password.redirect()).isNotEqualTo("/signin/reset/password");
        String before = passwordHash(account.accountId());
        visitor.post("/signin/reset/password", Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(passwordHash(account.accountId())).isEqualTo(before);
    }

    @Test
    void flt05_rec01_parallelUsesOfOneResetLinkLetExactlyOneProceed() throws Exception {
        Enrolled account = enrolledAccount(false);
        request(new ResetVisitor(port), account.email());
        String path = linkPath(account.accountId());
        int racers = 6;
        List<ResetVisitor> visitors = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            ResetVisitor visitor = new ResetVisitor(port);
            assertThat(visitor.get(path).body()).contains("Continue");
            visitors.add(visitor);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<ResetVisitor.Page> pages = new ArrayList<>();
        try {
            List<Future<ResetVisitor.Page>> futures = new ArrayList<>();
            for (ResetVisitor visitor : visitors) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return visitor.post(path, Map.of());
                }));
            }
            start.countDown();
            for (Future<ResetVisitor.Page> future : futures) {
                pages.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(pages).filteredOn(p -> "/signin/reset/verify".equals(p.redirect())).hasSize(1);
        assertThat(pages).filteredOn(p -> p.status() == 200 && p.body().contains("This link cannot be used"))
                .hasSize(racers - 1);
        assertThat(audit("reset.link.refused")).filteredOn(d -> d.equals("reason=unknown, used or expired link"))
                .hasSizeGreaterThanOrEqualTo(racers - 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM password_reset_token WHERE account_id = :id AND used_at IS NOT NULL")
                .param("id", account.accountId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void rec01_refusedLinksAreAuditedWithTheirReason() {
        Enrolled account = enrolledAccount(false);
        ResetVisitor visitor = new ResetVisitor(port);
        request(visitor, account.email());
        String path = linkPath(account.accountId());
        visitor.get(path);
        visitor.post(path, Map.of());
        int before = audit("reset.link.refused").size();

        ResetVisitor again = new ResetVisitor(port);
        again.get("/signin/reset");
        assertThat(again.post(path, Map.of()).body()).contains("This link cannot be used");
        assertThat(audit("reset.link.refused")).hasSize(before + 1).first().isEqualTo("reason=unknown, used or expired link");

        ResetVisitor late = new ResetVisitor(port);
        request(late, account.email());
        String second = linkPath(account.accountId());
        clock.advance(Duration.ofMinutes(31));
        late.get("/signin/reset");
        assertThat(late.post(second, Map.of()).body()).contains("This link cannot be used");
        assertThat(audit("reset.link.refused")).hasSize(before + 2).first().isEqualTo("reason=unknown, used or expired link");
        assertThat(String.join(" ", audit("reset.link.refused"))).as("no token in the log")
                .doesNotContain(path.substring(path.lastIndexOf('/') + 1))
                .doesNotContain(second.substring(second.lastIndexOf('/') + 1));
    }

    @Test
    void enum01_refusedRequestsLookTheSameAndAreAuditedWithTheirReason() {
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        String withoutMfa = newAccount();
        long withoutMfaId = accounts.findByEmail(withoutMfa).orElseThrow().id();
        Enrolled flooded = enrolledAccount(false);

        assertThat(request(new ResetVisitor(port), unknown).redirect()).isEqualTo("/signin/reset/sent");
        assertThat(audit("reset.requested")).first().isEqualTo("outcome=no usable account");
        assertThat(request(new ResetVisitor(port), withoutMfa).redirect()).isEqualTo("/signin/reset/sent");
        assertThat(audit("reset.requested", withoutMfaId)).containsExactly("outcome=no second factor: told to ask an administrator");
        assertThat(queued(withoutMfaId, "reset-link")).isEmpty();

        for (int i = 0; i < 5; i++) {
            assertThat(request(new ResetVisitor(port), flooded.email()).redirect()).isEqualTo("/signin/reset/sent");
        }
        assertThat(queued(flooded.accountId(), "reset-link")).hasSize(5);
        ResetVisitor.Page paused = request(new ResetVisitor(port), flooded.email());
        assertThat(paused.redirect()).as("the same answer when paused").isEqualTo("/signin/reset/sent");
        assertThat(queued(flooded.accountId(), "reset-link")).as("nothing sent while paused").hasSize(5);
        assertThat(audit("reset.requested")).first().isEqualTo("outcome=address paused: nothing sent");
    }
}
