package dev.portcullis.admin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk account creation from CSV: the template, a report of every failing line with its reason
 * when anything is wrong (and then nothing created at all), and a good file creating every
 * account, audited, each person emailed a link to set their own password.
 */
class AccountImportIntegrationTests extends AdminConsoleTestBase {

    private static final String HEADER = "email,display_name,organisation_code,role\r\n";
    private static final Pattern PROBLEM_ROW = Pattern.compile(
            "<td class=\"nhsuk-table__cell\">(\\d+)</td><td class=\"nhsuk-table__cell\">([^<]*)</td><td class=\"nhsuk-table__cell\">([^<]*)</td>");

    private record Setup(long org, String code, HttpUser console) {
    }

    private Setup globalConsole() {
        long org = organisation("Import Trust");
        Account admin = person(org, Role.GLOBAL_ADMIN, "Ian Porter");
        String key = enrolApp(admin);
        HttpUser console = signedInWithApp(admin, key);
        console.get("/admin/accounts/import");
        return new Setup(org, organisationCode(org), console);
    }

    @Test
    void theTemplateIsACsvFileWithTheHeaderAndAnExample() {
        Setup s = globalConsole();
        HttpUser.Response template = s.console().get("/admin/accounts/import/template.csv");
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.header("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(template.header("Content-Disposition").orElseThrow()).contains("attachment").contains(".csv");
        assertThat(template.body()).startsWith(HEADER).contains("florence.nightingale@example.nhs.uk");
        assertThat(s.console().get("/admin/accounts/import").body()).contains("/admin/accounts/import/template.csv");
    }

    @Test
    void inp01_badRowsAreReportedWithTheirReasonsAndNothingIsImported() {
        Setup s = globalConsole();
        Account existing = person(s.org(), Role.USER, "Ella Existing");
        String good = "good." + unique() + "@example.nhs.uk";
        String twice = "twice." + unique() + "@example.nhs.uk";
        String csv = HEADER
                + good + ",Gus Good," + s.code() + ",user\r\n"                       // 2: fine on its own
                + ",No Email," + s.code() + ",user\r\n"                              // 3
                + "not-an-email,Mal Formed," + s.code() + ",user\r\n"                // 4
                + twice + ",Tw Ice," + s.code() + ",user\r\n"                        // 5: first time is fine
                + twice.toUpperCase() + ",Tw Ice Again," + s.code() + ",user\r\n"    // 6
                + existing.email() + ",Ella Again," + s.code() + ",user\r\n"         // 7
                + "nowhere." + unique() + "@example.nhs.uk,No Where,ZZNOSUCH9,user\r\n" // 8
                + "long." + unique() + "@example.nhs.uk," + "L".repeat(201) + "," + s.code() + ",user\r\n" // 9
                + "formula." + unique() + "@example.nhs.uk,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"," + s.code() + ",user\r\n" // 10
                + "plus." + unique() + "@example.nhs.uk,+Plus Sign," + s.code() + ",user\r\n" // 11
                + "role." + unique() + "@example.nhs.uk,Ro Le," + s.code() + ",emperor\r\n" // 12
                + "short." + unique() + "@example.nhs.uk,Short Row\r\n";             // 13
        long before = accountCount();

        HttpUser.Response report = s.console().postFile("/admin/accounts/import", "file", "accounts.csv",
                csv.getBytes(StandardCharsets.UTF_8));

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("No accounts were created");
        List<String> problems = problems(report.body());
        assertThat(problems).containsExactly(
                "3: Enter an email address",
                "4: Email address is not in the correct format",
                "6: This email address is in the file more than once",
                "7: An account with this email address already exists",
                "8: No organisation has the code ZZNOSUCH9",
                "9: Enter a display name of 200 characters or fewer",
                "10: A value must not start with =, +, - or @ (a spreadsheet would run it as a formula)",
                "11: A value must not start with =, +, - or @ (a spreadsheet would run it as a formula)",
                "12: Role must be user, local_admin or global_admin",
                "13: Expected 4 values, found 2");
        assertThat(accountCount()).as("nothing half-imported").isEqualTo(before);
        assertThat(accounts.findByEmail(good)).isEmpty();
        assertThat(accounts.findByEmail(twice)).isEmpty();
    }

    @Test
    void inp01_wrongFilesAreRefusedWithAReasonAndChangeNothing() {
        Setup s = globalConsole();
        String email = "file." + unique() + "@example.nhs.uk";
        long before = accountCount();

        assertThat(upload(s, ("mail,name,org,role\r\n" + email + ",Fi Le," + s.code() + ",user\r\n").getBytes(StandardCharsets.UTF_8)))
                .containsExactly("1: The first line must be exactly: email,display_name,organisation_code,role");

        byte[] latin1 = (HEADER + email + ",Zoë Brontë," + s.code() + ",user\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(upload(s, latin1)).singleElement().asString().contains("not UTF-8");

        assertThat(upload(s, HEADER.getBytes(StandardCharsets.UTF_8))).containsExactly("2: The file has no accounts in it");

        StringBuilder many = new StringBuilder(HEADER);
        for (int i = 0; i < 5_001; i++) {
            many.append("p").append(i).append('.').append(unique()).append("@example.nhs.uk,P ").append(i).append(',')
                    .append(s.code()).append(",user\r\n");
        }
        assertThat(upload(s, many.toString().getBytes(StandardCharsets.UTF_8))).singleElement().asString()
                .contains("at most 5000 accounts");

        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        String row = email + "," + "B".repeat(180) + "," + s.code() + ",user\r\n";
        while (big.size() <= 1024 * 1024 + 10) {
            big.writeBytes(row.getBytes(StandardCharsets.UTF_8));
        }
        HttpUser.Response tooBig = s.console().postFile("/admin/accounts/import", "file", "big.csv", big.toByteArray());
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(200);
        assertThat(tooBig.body()).contains("The file must be smaller than 1 MB");
        while (big.size() <= 3 * 1024 * 1024) {
            big.writeBytes(row.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(s.console().postFile("/admin/accounts/import", "file", "huge.csv", big.toByteArray()).status())
                .as("refused before it is read").isEqualTo(413);

        assertThat(accountCount()).isEqualTo(before);
        assertThat(accounts.findByEmail(email)).isEmpty();
    }

    @Test
    void adm02_aGoodFileCreatesEveryAccountAuditedAndSendsEachASetPasswordLink() {
        Setup s = globalConsole();
        long other = organisation("Other Import Trust");
        List<String> emails = List.of("amy." + unique() + "@example.nhs.uk", "ben." + unique() + "@example.nhs.uk",
                "cat." + unique() + "@example.nhs.uk");
        // Saved from Excel as "CSV UTF-8": a byte order mark first, names with accents, a quoted comma, a blank role.
        String csv = "\uFEFF" + HEADER
                + emails.get(0) + ",Amy Ærø," + s.code() + ",user\r\n"
                + emails.get(1) + ",\"Ben, Junior\"," + organisationCode(other) + ",local_admin\r\n"
                + emails.get(2) + ",Cat Ó Sé," + s.code().toLowerCase() + ",\r\n";

        HttpUser.Response result = s.console().postFile("/admin/accounts/import", "file", "good.csv",
                csv.getBytes(StandardCharsets.UTF_8));

        assertThat(result.body()).as(String.join("\n", problems(result.body()))).contains("3 accounts created");
        Account amy = accounts.findByEmail(emails.get(0)).orElseThrow();
        Account ben = accounts.findByEmail(emails.get(1)).orElseThrow();
        Account cat = accounts.findByEmail(emails.get(2)).orElseThrow();
        assertThat(amy.displayName()).isEqualTo("Amy Ærø");
        assertThat(ben.displayName()).isEqualTo("Ben, Junior");
        assertThat(ben.organisationId()).isEqualTo(other);
        assertThat(ben.role()).isEqualTo(Role.LOCAL_ADMIN);
        assertThat(cat.organisationId()).isEqualTo(s.org());
        assertThat(cat.role()).isEqualTo(Role.USER);
        for (Account created : List.of(amy, ben, cat)) {
            assertThat(audit.recentFor(created.id(), 20)).as(created.email())
                    .anyMatch(e -> e.type().equals("account.created") && e.detail().contains("csv import"));
            assertThat(auditTypesFor(created)).as("a set-password link was sent").anyMatch(t -> t.contains("reset"));
        }
    }

    private List<String> upload(Setup s, byte[] content) {
        HttpUser.Response report = s.console().postFile("/admin/accounts/import", "file", "accounts.csv", content);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).contains("No accounts were created");
        return problems(report.body());
    }

    private static List<String> problems(String body) {
        List<String> problems = new ArrayList<>();
        Matcher m = PROBLEM_ROW.matcher(body);
        while (m.find()) {
            problems.add(m.group(1) + ": " + m.group(3).replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&"));
        }
        return problems;
    }

    private long accountCount() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
    }
}
