package dev.portcullis.admin.accounts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an account import file (RFC 4180, UTF-8, the template's header) into rows, or gives the
 * one problem that stops the whole file. Untrusted text: whatever the file holds ends as rows or
 * a {@link AccountCreation.RowProblem} (INP-01), and the limits hold before the rows are checked.
 * Checking what the rows say (addresses, organisations, roles) is {@link AccountCreation}'s.
 */
final class AccountCsv {

    static final String[] HEADER = {"email", "display_name", "organisation_code", "role"};
    static final int MAX_ROWS = 5_000;
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** One data row; {@code line} is the file's line number people see in a spreadsheet (the header is line 1). */
    record Row(long line, List<String> values) {
    }

    /** The rows, or {@code problem} (and no rows) when the file cannot be taken at all. */
    record Read(List<Row> rows, AccountCreation.RowProblem problem) {

        static Read refused(long line, String problem) {
            return new Read(List.of(), new AccountCreation.RowProblem(line, "", problem));
        }
    }

    private AccountCsv() {
    }

    static Read read(InputStream input) throws IOException {
        List<Row> rows = new ArrayList<>();
        LimitedStream counted = new LimitedStream(input, MAX_FILE_BYTES);
        try (Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            // Excel's "CSV UTF-8" starts the file with a byte order mark: it is not part of the first name.
            List<String> header = parser.getHeaderNames().stream()
                    .map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
            if (!header.equals(List.of(HEADER))) {
                return counted.exceeded() ? tooLarge() : Read.refused(1, "The first line must be exactly: " + String.join(",", HEADER));
            }
            for (CSVRecord record : parser) {
                if (rows.size() >= MAX_ROWS) {
                    return Read.refused(record.getRecordNumber() + 1,
                            "A file can have at most " + MAX_ROWS + " accounts. Split it into smaller files.");
                }
                rows.add(new Row(record.getRecordNumber() + 1, record.toList()));
            }
        } catch (CharacterCodingException e) {
            return counted.exceeded() ? tooLarge() : notUtf8();
        } catch (CSVException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // The parser reads lazily: a bad byte past the header arrives wrapped in its own exception.
            if (counted.exceeded()) {
                return tooLarge();
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof CharacterCodingException) {
                    return notUtf8();
                }
            }
            return Read.refused(0, "The file is not valid CSV. Check quotes and commas, or start from the template.");
        }
        if (counted.exceeded()) {
            return tooLarge();
        }
        if (rows.isEmpty()) {
            return Read.refused(2, "The file has no accounts in it");
        }
        return new Read(List.copyOf(rows), null);
    }

    /** Ends the input after {@code limit} bytes and remembers whether there was more. */
    private static final class LimitedStream extends FilterInputStream {

        private long left;
        private boolean exceeded;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                exceeded |= super.read() >= 0;
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (left == 0) {
                exceeded |= super.read() >= 0;
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0;
        }
    }

    private static Read notUtf8() {
        return Read.refused(0, "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.");
    }

    private static Read tooLarge() {
        return Read.refused(0, "The file must be smaller than 1 MB");
    }
}
