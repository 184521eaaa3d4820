package dev.portcullis.shared;

/**
 * CSV output that spreadsheets cannot be tricked by (INP-04): every cell quoted, quotes doubled,
 * and a cell that starts like a formula ({@code = + - @}, tab, carriage return) prefixed with an
 * apostrophe so it is shown as text, never evaluated.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** One row, with CRLF as RFC 4180 asks. */
    public static String row(String... values) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(cell(values[i]));
        }
        return row.append("\r\n").toString();
    }
}
