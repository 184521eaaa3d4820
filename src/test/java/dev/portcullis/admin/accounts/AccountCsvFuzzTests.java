package dev.portcullis.admin.accounts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever file an administrator uploads for account import (INP-01): it becomes rows or one of
 * the reader's own file problems, nothing else is thrown, and the row and size limits hold. Runs
 * the seeds and committed inputs in every build, and fuzzes for a bounded time in the build's
 * {@code fuzz-account-csv} execution.
 */
class AccountCsvFuzzTests {

    private static final Set<String> FILE_PROBLEMS = Set.of(
            "The first line must be exactly: email,display_name,organisation_code,role",
            "The file is not valid CSV. Check quotes and commas, or start from the template.",
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.",
            "The file has no accounts in it",
            "The file must be smaller than 1 MB",
            "A file can have at most " + AccountCsv.MAX_ROWS + " accounts. Split it into smaller files.");

    @FuzzTest(maxDuration = "10s")
    void inp01_anyUploadedFileBecomesRowsOrOneFileProblem(byte[] file) throws IOException {
        check(file);
    }

    @Test
    void inp01_moreRowsThanTheLimitIsOneProblemAndNoRows() throws IOException {
        StringBuilder csv = new StringBuilder("email,display_name,organisation_code,role\n");
        for (int i = 0; i <= AccountCsv.MAX_ROWS; i++) {
            csv.append("p").append(i).append("@example.nhs.uk,P,RX1,user\n");
        }
        AccountCsv.Read read = check(csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(read.problem().problem()).startsWith("A file can have at most 5000 accounts");
        assertThat(read.problem().line()).isEqualTo(AccountCsv.MAX_ROWS + 2);
    }

    @Test
    void inp01_aFileOverTheSizeLimitIsRefusedWhateverItHolds() throws IOException {
        StringBuilder csv = new StringBuilder("email,display_name,organisation_code,role\n");
        String row = "a@example.nhs.uk," + "N".repeat(400) + ",RX1,user\n";
        while (csv.length() <= AccountCsv.MAX_FILE_BYTES) {
            csv.append(row);
        }
        AccountCsv.Read read = check(csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(read.problem().problem()).isEqualTo("The file must be smaller than 1 MB");
    }

    @Test
    void inp01_anUnclosedQuoteInTheHeaderIsAFileProblemNotAnError() throws IOException {
        AccountCsv.Read read = check("\"email,display_name".getBytes(StandardCharsets.UTF_8));
        assertThat(read.problem().problem()).startsWith("The file is not valid CSV");
    }

    private static AccountCsv.Read check(byte[] file) throws IOException {
        AccountCsv.Read read = AccountCsv.read(new ByteArrayInputStream(file));
        if (read.problem() != null) {
            assertThat(read.rows()).isEmpty();
            assertThat(FILE_PROBLEMS).contains(read.problem().problem());
            assertThat(read.problem().email()).isEmpty();
            return read;
        }
        assertThat((long) file.length).isLessThanOrEqualTo(AccountCsv.MAX_FILE_BYTES);
        assertThat(read.rows()).isNotEmpty().hasSizeLessThanOrEqualTo(AccountCsv.MAX_ROWS);
        long previous = 1;
        for (AccountCsv.Row row : read.rows()) {
            assertThat(row.line()).isGreaterThan(previous);
            assertThat(row.values()).isNotEmpty().doesNotContainNull();
            previous = row.line();
        }
        return read;
    }
}
