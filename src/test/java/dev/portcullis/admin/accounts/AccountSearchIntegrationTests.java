package dev.portcullis.admin.accounts;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static java.net.URLEncoder.encode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' account search over HTTP (SECURITY.md INP-03): what is typed is matched
 * literally, so SQL and LIKE's own wildcards ({@code %}, {@code _}, {@code '}, {@code \}) find
 * only the names that hold them, never everyone and never an error; the text is capped; the
 * results come a page at a time.
 */
class AccountSearchIntegrationTests extends AdminConsoleTestBase {

    private static final Pattern ROW = Pattern.compile("href=\"/admin/accounts/(\\d+)\"");
    private static final Pattern COUNT = Pattern.compile("id=\"result-count\"[^>]*>([^<]*)<");

    @Test
    void inp03_sqlAndLikeWildcardsAreTakenLiterally() {
        long org = organisation("Wildcard Trust " + unique());
        Account percent = named(org, "Ann 100% Sure");
        Account underscore = named(org, "Bob_Under Wood");
        Account quote = named(org, "Cara O'Neil");
        Account backslash = named(org, "Dan \\ Back");
        Account plain = named(org, "Eve Plain");
        HttpUser admin = globalAdministrator();

        assertThat(found(admin, org, "%")).containsExactly(percent.id());
        assertThat(found(admin, org, "_")).containsExactly(underscore.id());
        assertThat(found(admin, org, "'")).containsExactly(quote.id());
        assertThat(found(admin, org, "\\")).containsExactly(backslash.id());
        assertThat(found(admin, org, "o'n")).containsExactly(quote.id());
        assertThat(found(admin, org, "%e%")).as("a pattern is only text").isEmpty();
        assertThat(found(admin, org, "' OR '1'='1")).isEmpty();
        assertThat(found(admin, org, "x' OR 1=1 --")).isEmpty();
        assertThat(found(admin, org, "'; DROP TABLE account; --")).isEmpty();
        assertThat(found(admin, org, "")).as("nothing typed: the whole organisation")
                .containsExactlyInAnyOrder(percent.id(), underscore.id(), quote.id(), backslash.id(), plain.id());
        assertThat(accounts.findById(plain.id())).as("the table is still there").isPresent();
    }

    @Test
    void inp03_queryIsCappedAndResultsArePaged() {
        long org = organisation("Paging Trust " + unique());
        for (int i = 0; i < 30; i++) {
            named(org, String.format("Pager %02d", i));
        }
        HttpUser admin = globalAdministrator();

        Response huge = search(admin, org, "Pager" + "x".repeat(2_000), 0);
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.body()).doesNotContain("x".repeat(AccountSearch.MAX_QUERY)).contains("0 accounts");

        Response first = search(admin, org, "pager", 0);
        assertThat(count(first)).isEqualTo("30 accounts");
        assertThat(rows(first)).hasSize(AccountSearch.PAGE_SIZE);
        assertThat(first.body()).contains("Next");
        Response second = search(admin, org, "pager", 1);
        assertThat(rows(second)).hasSize(30 - AccountSearch.PAGE_SIZE).doesNotContainAnyElementsOf(rows(first));
        assertThat(second.body()).contains("Previous");
        assertThat(rows(search(admin, org, "pager", 2))).isEmpty();
        assertThat(rows(search(admin, org, "pager", -5))).as("a negative page is the first").isEqualTo(rows(first));
        assertThat(search(admin, org, "pager", Integer.MAX_VALUE).status()).isEqualTo(200);
    }

    private Account named(long org, String name) {
        String email = "search." + unique() + "@example.nhs.uk";
        return accounts.create(new NewAccount(email, name, org, Role.USER, null), "test", null);
    }

    private HttpUser globalAdministrator() {
        Account admin = person(organisation("Search Admins"), Role.GLOBAL_ADMIN, "Gail Global");
        return signedInWithApp(admin, enrolApp(admin));
    }

    private Set<Long> found(HttpUser admin, long org, String query) {
        Response page = search(admin, org, query, 0);
        assertThat(page.status()).as("searching for %s", query).isEqualTo(200);
        return rows(page);
    }

    private static Response search(HttpUser admin, long org, String query, int page) {
        return admin.get("/admin/accounts?organisation=" + org + "&q=" + encode(query, UTF_8) + "&page=" + page);
    }

    private static Set<Long> rows(Response page) {
        Set<Long> ids = new LinkedHashSet<>();
        Matcher m = ROW.matcher(page.body());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String count(Response page) {
        Matcher m = COUNT.matcher(page.body());
        assertThat(m.find()).isTrue();
        return m.group(1).strip();
    }
}
