package dev.portcullis.scim;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter parser against RFC 7644 §3.4.2.2's examples, and hostile input. */
class ScimFilterTests {

    @Test
    void parsesTheRfcComparisonExamples() {
        assertThat(ScimFilter.parse("userName eq \"bjensen\""))
                .isEqualTo(new ScimFilter.Comparison("userName", ScimFilter.Operator.EQ, "bjensen"));
        assertThat(ScimFilter.parse("name.familyName co \"O'Malley\""))
                .isEqualTo(new ScimFilter.Comparison("name.familyName", ScimFilter.Operator.CO, "O'Malley"));
        assertThat(ScimFilter.parse("userName sw \"J\"")).isInstanceOf(ScimFilter.Comparison.class);
        assertThat(ScimFilter.parse("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\""))
                .isEqualTo(new ScimFilter.Comparison("urn:ietf:params:scim:schemas:core:2.0:User:userName", ScimFilter.Operator.SW, "J"));
        assertThat(ScimFilter.parse("title pr")).isEqualTo(new ScimFilter.Present("title"));
        assertThat(ScimFilter.parse("meta.lastModified gt \"2011-05-13T04:42:34Z\""))
                .isEqualTo(new ScimFilter.Comparison("meta.lastModified", ScimFilter.Operator.GT, "2011-05-13T04:42:34Z"));
        assertThat(ScimFilter.parse("active eq true")).isEqualTo(new ScimFilter.Comparison("active", ScimFilter.Operator.EQ, Boolean.TRUE));
        assertThat(ScimFilter.parse("x eq 12.5")).isEqualTo(new ScimFilter.Comparison("x", ScimFilter.Operator.EQ, new BigDecimal("12.5")));
    }

    @Test
    void operatorsAndKeywordsAreCaseInsensitive() {
        assertThat(ScimFilter.parse("userName EQ \"a\" AND active Eq true"))
                .isEqualTo(new ScimFilter.And(new ScimFilter.Comparison("userName", ScimFilter.Operator.EQ, "a"),
                        new ScimFilter.Comparison("active", ScimFilter.Operator.EQ, true)));
    }

    @Test
    void andBindsTighterThanOr() {
        ScimFilter filter = ScimFilter.parse("title pr and userType eq \"Employee\" or userName eq \"x\"");
        assertThat(filter).isInstanceOf(ScimFilter.Or.class);
        assertThat(((ScimFilter.Or) filter).left()).isInstanceOf(ScimFilter.And.class);

        ScimFilter grouped = ScimFilter.parse("title pr and (userType eq \"Employee\" or userName eq \"x\")");
        assertThat(grouped).isInstanceOf(ScimFilter.And.class);
        assertThat(((ScimFilter.And) grouped).right()).isInstanceOf(ScimFilter.Or.class);
    }

    @Test
    void notAndValuePaths() {
        assertThat(ScimFilter.parse("not (userName eq \"a\")"))
                .isEqualTo(new ScimFilter.Not(new ScimFilter.Comparison("userName", ScimFilter.Operator.EQ, "a")));
        assertThat(ScimFilter.parse("emails[type eq \"work\" and value co \"@example.com\"]"))
                .isEqualTo(new ScimFilter.And(new ScimFilter.Comparison("emails.type", ScimFilter.Operator.EQ, "work"),
                        new ScimFilter.Comparison("emails.value", ScimFilter.Operator.CO, "@example.com")));
    }

    @Test
    void stringsFollowJsonEscapes() {
        assertThat(ScimFilter.parse("displayName eq \"say \\\"hi\\\" \\u00e9\\\\\""))
                .isEqualTo(new ScimFilter.Comparison("displayName", ScimFilter.Operator.EQ, "say \"hi\" é\\"));
    }

    @Test
    void inp01_malformedFiltersAreRefusedWithAReason() {
        assertRefused("", "empty");
        assertRefused("userName", "operator");
        assertRefused("userName eq", "value");
        assertRefused("userName eq bjensen", "double quotes");
        assertRefused("userName eq \"unterminated", "closing double quote");
        assertRefused("userName xx \"a\"", "Unknown operator");
        assertRefused("(userName eq \"a\"", "')'");
        assertRefused("userName eq \"a\")", "Unexpected text");
        assertRefused("userName eq \"a\" and", "attribute");
        assertRefused("1abc eq \"a\"", "not an attribute name");
        assertRefused("emails[value eq \"a\" and x[y eq \"b\"]]", "another value filter");
        assertRefused("userName eq \"a\\q\"", "escape");
        assertRefused("userName eq \"a\u0001\"", "Control characters");
        assertRefused("userName eq \"a\"; DROP TABLE account", "Unexpected text");
    }

    @Test
    void inp01_hostileInputIsRefusedCheaply() {
        assertRefused("userName eq \"" + "a".repeat(5000) + "\"", "longer than");
        assertRefused("(".repeat(200) + "userName eq \"a\"" + ")".repeat(200), "nested more than");
        assertRefused("not (".repeat(20) + "userName eq \"a\"" + ")".repeat(20), "nested more than");
        StringBuilder many = new StringBuilder("a eq \"1\"");
        for (int i = 0; i < 30; i++) {
            many.append(" or a eq \"1\"");
        }
        assertRefused(many.toString(), "more than 20 comparisons");
        // Nesting right at the limit still parses.
        assertThat(ScimFilter.parse("(".repeat(8) + "userName eq \"a\"" + ")".repeat(8))).isInstanceOf(ScimFilter.Comparison.class);
    }

    @Test
    void userAttributesOutsideTheSupportedListAreAnInvalidFilter() {
        assertThatThrownBy(() -> ScimUserQuery.scope(new ScimClient(1, null, 1), ScimFilter.parse("nickName eq \"x\"")))
                .isInstanceOf(ScimFilter.InvalidFilterException.class).hasMessageContaining("nickName");
        assertThatThrownBy(() -> ScimUserQuery.scope(new ScimClient(1, null, 1), ScimFilter.parse("active eq \"yes\"")))
                .isInstanceOf(ScimFilter.InvalidFilterException.class);
        assertThatThrownBy(() -> ScimUserQuery.scope(new ScimClient(1, null, 1), ScimFilter.parse("userName eq 5")))
                .isInstanceOf(ScimFilter.InvalidFilterException.class);
    }

    @Test
    void inp03_valuesAreBoundNeverWrittenIntoSql() {
        ScimUserQuery.Where where = ScimUserQuery.scope(new ScimClient(1, 7L, 1),
                ScimFilter.parse("displayName co \"'; DROP TABLE account; --\" or externalId eq \"50%_off\""));
        assertThat(where.sql()).doesNotContain("DROP").contains("a.organisation_id = :scopeOrg").contains("global_admin");
        assertThat(where.params()).containsValue("%'; drop table account; --%").containsValue("50%_off").containsEntry("scopeOrg", 7L);
    }

    private static void assertRefused(String filter, String reason) {
        assertThatThrownBy(() -> ScimFilter.parse(filter)).as(filter)
                .isInstanceOf(ScimFilter.InvalidFilterException.class).hasMessageContaining(reason);
    }
}
