package dev.portcullis.directory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTests {

    @Test
    void foldWhenAccentsCaseAndApostrophesThenPlainLowerCase() {
        assertThat(SearchText.fold("Zoë O'Brien-Smith")).isEqualTo("zoe obrien-smith");
        assertThat(SearchText.fold("ＡＢＣ\u00A0 Déf")).isEqualTo("abc def");
        assertThat(SearchText.fold(null)).isEmpty();
    }

    @Test
    void ofJoinsPartsAndSkipsBlanks() {
        assertThat(SearchText.of("Florence Nightingale", null, " ", "Riverside Hospitals", "RX1"))
                .isEqualTo("florence nightingale riverside hospitals rx1");
    }

    @Test
    void ofWhenVeryLongThenCutToColumnSize() {
        assertThat(SearchText.of("a".repeat(900), "b".repeat(900))).hasSize(SearchText.MAX_LENGTH);
    }
}
