package dev.portcullis.directory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the People Finder box: caps, words, folding and escaping (INP-03). */
class SearchQueryTests {

    private static SearchQuery valid(String typed) {
        SearchQuery.Parsed parsed = SearchQuery.parse(typed);
        assertThat(parsed).isInstanceOf(SearchQuery.Valid.class);
        return ((SearchQuery.Valid) parsed).query();
    }

    private static String problem(String typed) {
        SearchQuery.Parsed parsed = SearchQuery.parse(typed);
        assertThat(parsed).isInstanceOf(SearchQuery.Invalid.class);
        return ((SearchQuery.Invalid) parsed).message();
    }

    @Test
    void parseWhenBlankThenNothingAsked() {
        assertThat(SearchQuery.parse(null)).isInstanceOf(SearchQuery.Empty.class);
        assertThat(SearchQuery.parse("   \t ")).isInstanceOf(SearchQuery.Empty.class);
    }

    @Test
    void parseWhenSeveralWordsThenEachFoldedOnce() {
        assertThat(valid("  Smith   PHARM ").words()).containsExactly("smith", "pharm");
        assertThat(valid("Zoë O’Brien").words()).containsExactly("zoe", "obrien");
        assertThat(valid("ＮＨＳ nurse").words()).containsExactly("nhs", "nurse");
    }

    @Test
    void parseWhenWordInsideAnotherThenOnlyTheLongerKept() {
        assertThat(valid("smi smith").words()).containsExactly("smith");
        assertThat(valid("nurse nurse").words()).containsExactly("nurse");
    }

    @Test
    void parseWhenSingleLettersBesideWordsThenLettersDropped() {
        assertThat(valid("j smith").words()).containsExactly("smith");
        assertThat(problem("j s")).isEqualTo(SearchQuery.TOO_SHORT);
    }

    @Test
    void inp03_parseWhenLongerThanCapThenRefusedBeforeAnyWork() {
        assertThat(valid("a".repeat(100)).words()).hasSize(1);
        assertThat(problem("a".repeat(101))).isEqualTo("Search must be 100 characters or fewer");
        assertThat(problem("x".repeat(1_000_000))).isEqualTo("Search must be 100 characters or fewer");
    }

    @Test
    void inp03_parseWhenMoreThanFiveWordsThenRefused() {
        assertThat(valid("one two three four five").words()).hasSize(5);
        assertThat(problem("one two three four five six")).isEqualTo("Enter 5 words or fewer");
    }

    @Test
    void inp03_likePatternsEscapeWildcards() {
        assertThat(valid("100% a_b back\\slash").likePatterns())
                .containsExactly("%100\\%%", "%a\\_b%", "%back\\\\slash%");
    }
}
