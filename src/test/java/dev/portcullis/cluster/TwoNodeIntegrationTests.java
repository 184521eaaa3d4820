package dev.portcullis.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.portcullis.cluster.ClusterAccounts.Account;
import dev.portcullis.cluster.ClusterAccounts.Enrolled;
import dev.portcullis.cluster.LoadBalancedVisitor.Page;
import dev.portcullis.testsupport.TestDatabase;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;

import static dev.portcullis.cluster.ClusterAccounts.CHALLENGE;
import static dev.portcullis.cluster.ClusterAccounts.CODES_PAUSED;
import static dev.portcullis.cluster.ClusterAccounts.FACTOR;
import static dev.portcullis.cluster.ClusterAccounts.INCORRECT_CODE;
import static dev.portcullis.cluster.ClusterAccounts.INCORRECT_PASSWORD;
import static dev.portcullis.cluster.ClusterAccounts.PASSWORD;
import static dev.portcullis.cluster.ClusterAccounts.PASSWORD_PAUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two whole Portcullis nodes on one PostgreSQL schema with one secret key, as behind a load
 * balancer without sticky sessions: a sign-in begun on one node finishes on the other, a used
 * TOTP step and the failure counters are shared (TOTP-02, FLT-05, RL-03), sign-out on one node
 * ends the session on both (SES-03), and clock skew between the nodes opens no replay (FLT-03).
 * Each node has its own clock; the tests move them together unless they skew one on purpose.
 */
class TwoNodeIntegrationTests {

    private static ClusterNode a;
    private static ClusterNode b;

    @BeforeAll
    static void startTwoNodes() {
        // RequiredInfrastructure fails (under CI) or skips (locally) the postgres execution when
        // PostgreSQL is missing; this only keeps the H2 execution out.
        assumeTrue(TestDatabase.postgres(), "several nodes share one PostgreSQL database; H2 is embedded in one "
                + "process and is not a database nodes can share, so these tests run in the postgres execution");
        String database = ClusterNode.newDatabaseName("twonode");
        String secretKey = ClusterNode.newSecretKey();
        a = ClusterNode.start("A", database, secretKey);
        b = ClusterNode.start("B", database, secretKey);
    }

    @AfterAll
    static void stopBothNodes() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @BeforeEach
    void clocksTogetherInTheMiddleOfAStep() {
        // 15 s into a fresh step, so a test's few requests never straddle a step boundary by accident.
        setClocks(TotpCodes.nextStepStart(Instant.now()).plusSeconds(15));
    }

    @Test
    void signInBegunOnOneNodeFinishesOnTheOther() {
        Enrolled account = ClusterAccounts.enrolled(a, b);
        advanceClocks(Duration.ofSeconds(60));
        LoadBalancedVisitor browser = new LoadBalancedVisitor();

        // The form from B, its password posted to A, the code page from A, the code posted to B.
        Page password = browser.signIn(b, a, account.email(), PASSWORD);
        assertThat(password.redirect()).isEqualTo(FACTOR);
        assertThat(browser.get(b, "/").redirect()).as("the password alone opens nothing on B").isEqualTo(FACTOR);
        assertThat(browser.get(a, FACTOR).redirect()).isEqualTo(CHALLENGE);
        assertThat(browser.get(a, CHALLENGE).status()).isEqualTo(200);
        Page code = browser.post(b, CHALLENGE, Map.of("code", TotpCodes.current(account.key(), b.clock())));

        assertThat(code.status()).isEqualTo(302);
        assertThat(code.redirect()).isIn("/", "/?continue");
        Page homeOnA = browser.get(a, "/");
        Page homeOnB = browser.get(b, "/");
        assertThat(homeOnA.status()).isEqualTo(200);
        assertThat(homeOnB.status()).isEqualTo(200);
        assertThat(homeOnB.body()).contains("Sign out");
    }

    @Test
    void totp02_codeAcceptedOnOneNodeIsRefusedOnTheOther() {
        Enrolled account = ClusterAccounts.enrolled(a, a);
        advanceClocks(Duration.ofSeconds(60));
        long step = TotpCodes.step(a.clock().instant());
        String code = TotpCodes.forStep(account.key(), step);
        LoadBalancedVisitor first = ClusterAccounts.atCodePage(account, a, a);
        assertThat(first.post(a, CHALLENGE, Map.of("code", code)).redirect()).isIn("/", "/?continue");

        LoadBalancedVisitor second = ClusterAccounts.atCodePage(account, b, b);
        Page again = second.post(b, CHALLENGE, Map.of("code", code));
        Page older = second.post(b, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step - 1)));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains(INCORRECT_CODE);
        assertThat(older.body()).as("an older step after a newer one was used elsewhere").contains(INCORRECT_CODE);
        assertThat(second.get(b, "/").redirect()).isEqualTo(FACTOR);
        assertThat(second.get(a, "/").redirect()).as("nor on A").isEqualTo(FACTOR);
        assertThat(ClusterAccounts.codeRefusals(b, account.id()))
                .containsExactly("during=signin reason=code already used", "during=signin reason=code already used");
    }

    @Test
    void flt05_totp02_oneCodePostedToBothNodesAtOnceSucceedsExactlyOnce() throws Exception {
        Enrolled account = ClusterAccounts.enrolled(a, b);
        int rounds = 3;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                advanceClocks(Duration.ofSeconds(30));
                String code = TotpCodes.current(account.key(), a.clock());
                LoadBalancedVisitor onA = ClusterAccounts.atCodePage(account, a, a);
                LoadBalancedVisitor onB = ClusterAccounts.atCodePage(account, b, b);
                CountDownLatch start = new CountDownLatch(1);
                Future<Page> fromA = pool.submit(() -> {
                    start.await();
                    return onA.post(a, CHALLENGE, Map.of("code", code));
                });
                Future<Page> fromB = pool.submit(() -> {
                    start.await();
                    return onB.post(b, CHALLENGE, Map.of("code", code));
                });
                start.countDown();
                List<Page> answers = List.of(fromA.get(30, TimeUnit.SECONDS), fromB.get(30, TimeUnit.SECONDS));

                assertThat(answers).as("round %d", round).filteredOn(page -> page.status() == 302).hasSize(1);
                assertThat(answers).as("round %d", round).filteredOn(page -> page.status() == 200)
                        .singleElement().satisfies(page -> assertThat(page.body()).contains(INCORRECT_CODE));
                long signedIn = List.of(onA.get(a, "/"), onB.get(b, "/")).stream().filter(page -> page.status() == 200).count();
                assertThat(signedIn).as("round %d: exactly one browser signed in", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ClusterAccounts.codeRefusals(a, account.id())).hasSize(rounds)
                .allMatch(reason -> reason.equals("during=signin reason=code already used"));
    }

    @Test
    void rl03_wrongPasswordsSpreadOverBothNodesAreCountedTogether() {
        Account account = ClusterAccounts.account(a);
        List<ClusterNode> nodes = List.of(a, b);
        for (int i = 1; i <= 4; i++) {
            ClusterNode node = nodes.get(i % 2);
            ClusterNode other = nodes.get((i + 1) % 2);
            LoadBalancedVisitor browser = new LoadBalancedVisitor();
            Page refused = browser.signIn(node, account.email(), "wrong-password-" + i);
            assertThat(refused.redirect()).isEqualTo("/signin?error");
            assertThat(browser.follow(other, refused).signInProblem()).as("attempt %d on %s", i, node)
                    .contains(INCORRECT_PASSWORD);
        }

        LoadBalancedVisitor fifth = new LoadBalancedVisitor();
        Page fifthAnswer = fifth.signIn(b, account.email(), "wrong-password-5");

        assertThat(fifth.follow(a, fifthAnswer).signInProblem()).as("the pause starts at the fifth, as on one node")
                .contains(PASSWORD_PAUSED);
        LoadBalancedVisitor owner = new LoadBalancedVisitor();
        Page right = owner.signIn(a, account.email(), PASSWORD);
        assertThat(right.redirect()).isEqualTo("/signin?error");
        assertThat(owner.follow(b, right).signInProblem()).get().asString().contains("this account is paused");
        assertThat(owner.get(a, "/").redirect()).isEqualTo("/signin");

        advanceClocks(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(new LoadBalancedVisitor().signIn(b, account.email(), PASSWORD).redirect())
                .as("the pause ends on both nodes' time").isEqualTo("/");
    }

    @Test
    void rl03_wrongCodesSpreadOverBothNodesAreCountedTogetherAndARightPasswordDoesNotResetThem() {
        Enrolled account = ClusterAccounts.enrolled(a, b);
        advanceClocks(Duration.ofSeconds(60));
        List<String> wrong = ClusterAccounts.wrongCodes(account.key(), a, 5);
        List<ClusterNode> nodes = List.of(a, b);

        Page last = null;
        for (int i = 0; i < wrong.size(); i++) {
            // Each guess in a fresh session whose password step succeeded, on alternating nodes.
            ClusterNode node = nodes.get(i % 2);
            LoadBalancedVisitor guesser = ClusterAccounts.atCodePage(account, node, node);
            last = guesser.post(node, CHALLENGE, Map.of("code", wrong.get(i)));
            assertThat(last.status()).isEqualTo(200);
            if (i < wrong.size() - 1) {
                assertThat(last.body()).as("guess %d on %s", i + 1, node).contains(INCORRECT_CODE).doesNotContain(CODES_PAUSED);
            }
        }
        assertThat(last.body()).as("the fifth wrong code, on A").contains(CODES_PAUSED);

        LoadBalancedVisitor owner = ClusterAccounts.atCodePage(account, b, b);
        Page refused = owner.post(b, CHALLENGE, Map.of("code", TotpCodes.current(account.key(), b.clock())));
        assertThat(refused.body()).as("the right code on B, during A's pause").contains(CODES_PAUSED);
        assertThat(owner.get(b, "/").redirect()).isEqualTo(FACTOR);
    }

    @Test
    void ses03_signOutOnOneNodeEndsTheSessionOnTheOther() {
        Account account = ClusterAccounts.account(a);
        LoadBalancedVisitor browser = new LoadBalancedVisitor();
        assertThat(browser.signIn(a, account.email(), PASSWORD).redirect()).isEqualTo("/");
        assertThat(browser.get(b, "/").body()).as("signed in on B too").contains(account.displayName());
        String signedInCookie = browser.sessionCookie();
        assertThat(signedInCookie).isNotNull();

        Page signedOut = browser.post(a, "/signout", Map.of());

        assertThat(signedOut.redirect()).isEqualTo("/signin?signedout");
        for (ClusterNode node : List.of(b, a)) {
            HttpUser replay = new HttpUser(node.port()).withCookie(HttpUser.SESSION_COOKIE, signedInCookie);
            HttpUser.Response home = replay.get("/");
            assertThat(home.location()).as("the signed-out cookie on %s", node).isEqualTo("/signin");
            assertThat(replay.follow(home).body()).contains("<h1 class=\"nhsuk-heading-l\">Sign in</h1>")
                    .doesNotContain(account.displayName());
        }
        assertThat(browser.get(b, "/").redirect()).isEqualTo("/signin");
    }

    @Test
    void flt03_clockSkewBetweenNodesOpensNoReplay() {
        Enrolled account = ClusterAccounts.enrolled(a, a);
        advanceClocks(Duration.ofSeconds(60));
        long step = TotpCodes.step(a.clock().instant());
        LoadBalancedVisitor first = ClusterAccounts.atCodePage(account, a, a);
        assertThat(first.post(a, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step))).redirect())
                .isIn("/", "/?continue");

        // B runs 40 s slow: its window is steps s-2..s, so the code A just took is still "current" there.
        b.clock().set(a.clock().instant().minusSeconds(40));
        LoadBalancedVisitor slow = ClusterAccounts.atCodePage(account, b, b);
        assertThat(slow.post(b, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step))).body())
                .as("the used code on a slow node").contains(INCORRECT_CODE);
        assertThat(slow.post(b, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step - 1))).body())
                .as("an older code on a slow node").contains(INCORRECT_CODE);
        assertThat(slow.get(b, "/").redirect()).isEqualTo(FACTOR);

        // B runs 40 s fast: its window is s..s+2. A newer code works there once, and then not on A.
        b.clock().set(a.clock().instant().plusSeconds(40));
        LoadBalancedVisitor fast = ClusterAccounts.atCodePage(account, b, b);
        assertThat(fast.post(b, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step))).body())
                .as("the used code on a fast node").contains(INCORRECT_CODE);
        assertThat(fast.post(b, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step + 1))).redirect())
                .as("the next code, new to every node").isIn("/", "/?continue");
        LoadBalancedVisitor back = ClusterAccounts.atCodePage(account, a, a);
        assertThat(back.post(a, CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), step + 1))).body())
                .as("the code the fast node took, on A").contains(INCORRECT_CODE);

        assertThat(ClusterAccounts.codeRefusals(a, account.id())).containsExactly(
                "during=signin reason=code already used", "during=signin reason=code already used",
                "during=signin reason=code already used", "during=signin reason=code already used");
    }

    private static void setClocks(Instant instant) {
        a.clock().set(instant);
        b.clock().set(instant);
    }

    private static void advanceClocks(Duration duration) {
        a.clock().advance(duration);
        b.clock().advance(duration);
    }
}
