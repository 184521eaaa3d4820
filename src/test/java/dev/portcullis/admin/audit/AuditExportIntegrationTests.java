package dev.portcullis.admin.audit;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's CSV export (SECURITY.md INP-04): values that start like a spreadsheet formula
 * are exported as text, with a leading apostrophe inside a quoted cell, so opening the file
 * never runs them.
 */
class AuditExportIntegrationTests extends AdminConsoleTestBase {

    @Test
    void inp04_auditCsvNeutralisesFormulaLeadingValues() {
        long org = organisation("Export Trust " + unique());
        Account subject = person(org, Role.USER, "Sam Subject");
        String type = "test.csv" + unique();
        String hyperlink = "=HYPERLINK(\"http://evil.example\",\"Click\")";
        audit.record(new AuditEntry(type, null, subject.id(), org, "@SUM(1+1)", hyperlink));
        audit.record(new AuditEntry(type, null, subject.id(), org, "198.51.100.7", "+1+1"));
        audit.record(new AuditEntry(type, null, subject.id(), org, "198.51.100.7", "-2+3"));
        Account admin = person(organisation("Export Admins"), Role.GLOBAL_ADMIN, "Gail Global");
        HttpUser user = signedInWithApp(admin, enrolApp(admin));

        Response csv = user.get("/admin/audit.csv?type=" + type);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,type,actor,subject,source_ip,detail");
        assertThat(lines).hasSize(4);
        assertThat(csv.body())
                .contains(",\"'@SUM(1+1)\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"\r\n")
                .contains(",\"198.51.100.7\",\"'+1+1\"\r\n")
                .contains(",\"198.51.100.7\",\"'-2+3\"\r\n")
                .contains("\"" + subject.email() + "\"");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).as("no cell starts with a formula character").doesNotContainPattern("(^|,)\"?[=+\\-@]");
        }
    }
}
