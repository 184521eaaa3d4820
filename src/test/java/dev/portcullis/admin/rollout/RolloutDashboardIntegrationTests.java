package dev.portcullis.admin.rollout;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout dashboard's figures against people seeded in two organisations: active accounts,
 * how many have MFA, by method, the day-by-day history from snapshots, the local and the global
 * view, and the list (and CSV) of exactly the active people still without MFA, safe to open in a
 * spreadsheet. Authenticator apps are set up through the real pages; text-message and security-key
 * holders are seeded in the method index the dashboard reads, as those need a phone or a browser.
 */
class RolloutDashboardIntegrationTests extends AdminConsoleTestBase {

    private static final Pattern SHARE = Pattern.compile(
            "<strong>(\\d+)%</strong> of active accounts have MFA\\s*\\(<span>(\\d+)</span> of <span>(\\d+)</span>\\)");
    private static final Pattern ROW = Pattern.compile("<tr class=\"nhsuk-table__row\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"nhsuk-table__cell\">(.*?)</td>", Pattern.DOTALL);

    @Autowired
    private RolloutFigures figures;

    @Autowired
    private AccountAdministration administration;

    private record Seeded(long x, long y, Account localX, List<Account> withoutMfaX, Account formula, Account withoutMfaY) {
    }

    private Seeded seed() {
        long x = organisation("Xylem Trust");
        long y = organisation("Yarrow Trust");
        Account localX = person(x, Role.LOCAL_ADMIN, "Aaron Admin");          // no MFA: counted as without
        Account app = person(x, Role.USER, "Bella App");
        enrolApp(app);                                                      // totp
        Account appAndText = person(x, Role.USER, "Carl Both");
        enrolApp(appAndText);                                               // totp
        index(appAndText, "sms");                                           // and sms
        Account key = person(x, Role.USER, "Dora Key");
        index(key, "webauthn");
        Account none = person(x, Role.USER, "Evan None");
        Account formula = accounts.create(new NewAccount("formula." + unique() + "@example.nhs.uk",
                "=HYPERLINK(\"http://evil.example\",\"Click\")", x, Role.USER, PASSWORD.toCharArray()), "test", null);
        Account gone = person(x, Role.USER, "Fred Gone");                     // disabled: not counted at all
        index(gone, "totp");
        administration.setStatus(gone.id(), AccountStatus.DISABLED, localX.id(), "test");
        Account goneNoMfa = person(x, Role.USER, "Gina Gone");
        administration.setStatus(goneNoMfa.id(), AccountStatus.DISABLED, localX.id(), "test");

        Account yText = person(y, Role.USER, "Yan Text");
        index(yText, "sms");
        Account yNone = person(y, Role.USER, "Yves None");
        return new Seeded(x, y, localX, List.of(localX, none, formula), formula, yNone);
    }

    private void index(Account account, String type) {
        jdbc.sql("INSERT INTO mfa_method_index (account_id, factor_type, since) VALUES (:id, :type, :now)")
                .param("id", account.id()).param("type", type).param("now", Timestamp.from(clock.instant())).update();
    }

    @Test
    void inp04_localViewCountsItsOwnOrganisationByMethodAndListsExactlyThoseWithoutMfa() {
        Seeded s = seed();
        HttpUser local = signedIn(s.localX());

        String page = local.get("/admin/rollout").body();
        // Active: Aaron, Bella, Carl, Dora, Evan and the formula name (6); with MFA: Bella, Carl, Dora (3).
        assertThat(share(page)).containsExactly(50L, 3L, 6L);
        List<String> today = firstRow(page);
        assertThat(today.subList(1, 4)).containsExactly("6", "3", "50%");
        assertThat(today.subList(4, 8)).as("app, text message, phone call, security key").containsExactly("2", "1", "0", "1");
        assertThat(page).contains("<svg").contains("50% on");

        List<String> listed = withoutMfa(page);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(s.withoutMfaX().stream().map(Account::email).toList());

        HttpUser.Response csv = local.get("/admin/rollout/without-mfa.csv");
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("name,email,organisation");
        assertThat(lines).hasSize(1 + s.withoutMfaX().size());
        for (Account a : s.withoutMfaX()) {
            assertThat(lines).anyMatch(l -> l.contains("\"" + a.email() + "\""));
        }
        assertThat(csv.body()).doesNotContain("Bella").doesNotContain("Fred Gone").doesNotContain("Gina Gone")
                .doesNotContain("Yves None");
        assertThat(lines).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",\"" + s.formula().email()
                + "\",\"Xylem Trust\"");
        assertThat(lines.stream().skip(1)).allMatch(l -> l.startsWith("\"") && !l.startsWith("\"="));
    }

    @Test
    void globalViewAddsUpEveryOrganisationAndCanPickOne() {
        long g = organisation("Global Trust");
        Account global = person(g, Role.GLOBAL_ADMIN, "Gwen Global");
        String key = enrolApp(global);
        HttpUser console = signedInWithApp(global, key);
        List<Long> before = share(console.get("/admin/rollout").body());
        List<String> beforeRow = firstRow(console.get("/admin/rollout").body());

        Seeded s = seed();

        String all = console.get("/admin/rollout").body();
        List<Long> after = share(all);
        // X adds 6 active, 3 with MFA; Y adds 2 active, 1 with MFA.
        assertThat(after.get(2) - before.get(2)).isEqualTo(8);
        assertThat(after.get(1) - before.get(1)).isEqualTo(4);
        List<String> row = firstRow(all);
        assertThat(Long.parseLong(row.get(4)) - Long.parseLong(beforeRow.get(4))).as("app").isEqualTo(2);
        assertThat(Long.parseLong(row.get(5)) - Long.parseLong(beforeRow.get(5))).as("text message").isEqualTo(2);
        assertThat(Long.parseLong(row.get(7)) - Long.parseLong(beforeRow.get(7))).as("security key").isEqualTo(1);
        String allCsv = console.get("/admin/rollout/without-mfa.csv").body();
        assertThat(allCsv).contains(s.withoutMfaY().email()).contains(s.localX().email()).doesNotContain("Yan Text");

        String y = console.get("/admin/rollout?organisation=" + s.y()).body();
        assertThat(share(y)).containsExactly(50L, 1L, 2L);
        assertThat(withoutMfa(y)).containsExactly(s.withoutMfaY().email());
        assertThat(console.get("/admin/rollout/without-mfa.csv?organisation=" + s.y()).body().split("\r\n")).hasSize(2);
    }

    @Test
    void historyComesFromTheNightlySnapshotsAndTodayIsLive() {
        Seeded s = seed();
        // Last night's snapshot (sessions follow real time, so the clock goes back, not forward).
        clock.advance(Duration.ofDays(-1));
        figures.snapshot();
        clock.reset();
        Account late = s.withoutMfaX().get(1);
        index(late, "totp");

        String page = signedIn(s.localX()).get("/admin/rollout").body();
        List<List<String>> rows = rows(page);
        assertThat(rows.get(0).subList(1, 4)).as("today, live").containsExactly("6", "4", "67%");
        assertThat(rows.get(1).subList(1, 4)).as("yesterday, from the snapshot").containsExactly("6", "3", "50%");
        assertThat(withoutMfa(page)).doesNotContain(late.email());
    }

    private static List<Long> share(String page) {
        Matcher m = SHARE.matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    private static List<String> firstRow(String page) {
        return rows(page).get(0);
    }

    private static List<List<String>> rows(String page) {
        String table = page.substring(page.indexOf("id=\"rollout-table\""), page.indexOf("</table>", page.indexOf("id=\"rollout-table\"")));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).strip());
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The email addresses in the "Accounts without MFA" table. */
    private static List<String> withoutMfa(String page) {
        int start = page.indexOf("id=\"without-mfa\"");
        if (start < 0) {
            return List.of();
        }
        String table = page.substring(start, page.indexOf("</table>", start));
        List<String> emails = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            Matcher cell = CELL.matcher(row.group(1));
            if (cell.find() && cell.find()) {
                emails.add(cell.group(1).strip());
            }
        }
        return emails;
    }
}
