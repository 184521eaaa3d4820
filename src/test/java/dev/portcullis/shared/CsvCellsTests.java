package dev.portcullis.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every CSV export's cells (SECURITY.md INP-04): a value that a spreadsheet would read as a
 * formula is turned into text with a leading apostrophe, every cell is quoted with its quotes
 * doubled, and rows end in CRLF.
 */
class CsvCellsTests {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")"})
    void inp04_formulaLeadingCellsBecomeText(String formula) {
        String cell = CsvCells.cell(formula);

        assertThat(cell).startsWith("\"'" + formula.charAt(0));
        assertThat(unquote(cell)).isEqualTo("'" + formula);
    }

    @Test
    void inp04_eachFormulaCharacterIsNeutralised() {
        assertThat(CsvCells.cell("=cmd|' /C calc'!A0")).isEqualTo("\"'=cmd|' /C calc'!A0\"");
        assertThat(CsvCells.cell("+441234")).isEqualTo("\"'+441234\"");
        assertThat(CsvCells.cell("-5")).isEqualTo("\"'-5\"");
        assertThat(CsvCells.cell("@user")).isEqualTo("\"'@user\"");
        assertThat(CsvCells.cell("\tx")).isEqualTo("\"'\tx\"");
        assertThat(CsvCells.cell("\rx")).isEqualTo("\"'\rx\"");
    }

    @Test
    void inp04_ordinaryValuesAreOnlyQuoted() {
        assertThat(CsvCells.cell("Florence Nightingale")).isEqualTo("\"Florence Nightingale\"");
        assertThat(CsvCells.cell("a=b")).as("only a leading character counts").isEqualTo("\"a=b\"");
        assertThat(CsvCells.cell("")).isEqualTo("\"\"");
        assertThat(CsvCells.cell(null)).isEqualTo("\"\"");
    }

    @Test
    void inp04_quotesAreDoubledSoACellCannotEndEarly() {
        assertThat(CsvCells.cell("say \"hi\",=1+1")).isEqualTo("\"say \"\"hi\"\",=1+1\"");
        assertThat(CsvCells.row("a", "=b", "c\"d")).isEqualTo("\"a\",\"'=b\",\"c\"\"d\"\r\n");
    }

    private static String unquote(String cell) {
        return cell.substring(1, cell.length() - 1).replace("\"\"", "\"");
    }
}
