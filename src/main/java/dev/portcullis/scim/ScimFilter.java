package dev.portcullis.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2): comparisons, {@code pr}, {@code and}, {@code or},
 * {@code not (...)}, parentheses and value paths such as {@code emails[value eq "x"]}. A strict
 * recursive-descent parser with hard limits on length, nesting and the number of comparisons, so
 * hostile input costs little and is refused with a clear reason ({@link InvalidFilterException}).
 */
sealed interface ScimFilter {

    int MAX_LENGTH = 1000;
    int MAX_DEPTH = 8;
    int MAX_COMPARISONS = 20;

    enum Operator {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE;

        static Operator of(String word) {
            for (Operator op : values()) {
                if (op.name().equalsIgnoreCase(word)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** {@code attribute op value}; value is a String, Boolean, Number or null (the JSON literal). */
    record Comparison(String attribute, Operator operator, Object value) implements ScimFilter {
    }

    /** {@code attribute pr}. */
    record Present(String attribute) implements ScimFilter {
    }

    record And(ScimFilter left, ScimFilter right) implements ScimFilter {
    }

    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {
    }

    record Not(ScimFilter inner) implements ScimFilter {
    }

    /** Thrown for any filter that cannot be parsed or exceeds the limits; the message says why. */
    final class InvalidFilterException extends RuntimeException {
        InvalidFilterException(String message) {
            super(message);
        }
    }

    static ScimFilter parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFilterException("The filter is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidFilterException("The filter is longer than " + MAX_LENGTH + " characters");
        }
        return new Parser(text).parseAll();
    }

    /**
     * Grammar (RFC 7644 §3.4.2.2, figure 1), with precedence not &gt; and &gt; or:
     * <pre>
     * filter   = term *("or" term)
     * term     = factor *("and" factor)
     * factor   = "not" "(" filter ")" / "(" filter ")" / attrPath "[" filter "]" / attrExp
     * attrExp  = attrPath "pr" / attrPath compareOp compValue
     * </pre>
     */
    final class Parser {
        private final String text;
        private int pos;
        private int depth;
        private int comparisons;
        private String valuePathPrefix;

        Parser(String text) {
            this.text = text;
        }

        ScimFilter parseAll() {
            ScimFilter filter = orExpression();
            skipSpaces();
            if (pos < text.length()) {
                throw error("Unexpected text at position " + (pos + 1));
            }
            return filter;
        }

        private ScimFilter orExpression() {
            ScimFilter left = andExpression();
            while (keyword("or")) {
                left = new Or(left, andExpression());
            }
            return left;
        }

        private ScimFilter andExpression() {
            ScimFilter left = factor();
            while (keyword("and")) {
                left = new And(left, factor());
            }
            return left;
        }

        private ScimFilter factor() {
            skipSpaces();
            if (keyword("not")) {
                skipSpaces();
                expect('(');
                ScimFilter inner = nested();
                expect(')');
                return new Not(inner);
            }
            if (peek() == '(') {
                pos++;
                ScimFilter inner = nested();
                expect(')');
                return inner;
            }
            String attribute = attributePath();
            if (peek() == '[') {
                if (valuePathPrefix != null) {
                    throw error("A value filter cannot contain another value filter");
                }
                pos++;
                valuePathPrefix = attribute;
                ScimFilter inner = nested();
                valuePathPrefix = null;
                expect(']');
                return inner;
            }
            String full = valuePathPrefix == null ? attribute : valuePathPrefix + "." + attribute;
            if (++comparisons > MAX_COMPARISONS) {
                throw error("The filter has more than " + MAX_COMPARISONS + " comparisons");
            }
            String word = word();
            if (word.equalsIgnoreCase("pr")) {
                return new Present(full);
            }
            Operator operator = Operator.of(word);
            if (operator == null) {
                throw error(word.isEmpty() ? "Expected an operator after " + attribute : "Unknown operator \"" + shorten(word) + "\"");
            }
            return new Comparison(full, operator, value());
        }

        private ScimFilter nested() {
            if (++depth > MAX_DEPTH) {
                throw error("The filter is nested more than " + MAX_DEPTH + " levels deep");
            }
            ScimFilter inner = orExpression();
            depth--;
            return inner;
        }

        /** ATTRNAME *1subAttr, optionally with a schema URN prefix (RFC 7644 §3.10). */
        private String attributePath() {
            skipSpaces();
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || c == ':' || c == '$') {
                    pos++;
                } else {
                    break;
                }
            }
            String path = text.substring(start, pos);
            if (path.isEmpty() || !Character.isLetter(path.charAt(0)) || path.endsWith(".") || path.contains("..")) {
                throw error(path.isEmpty() ? "Expected an attribute name at position " + (start + 1)
                        : "\"" + shorten(path) + "\" is not an attribute name");
            }
            return path;
        }

        private Object value() {
            skipSpaces();
            char c = peek();
            if (c == '"') {
                return string();
            }
            String word = word();
            if (word.equals("true")) {
                return Boolean.TRUE;
            }
            if (word.equals("false")) {
                return Boolean.FALSE;
            }
            if (word.equals("null")) {
                return null;
            }
            if (word.matches("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,18})?([eE][-+]?[0-9]{1,3})?")) {
                return new java.math.BigDecimal(word);
            }
            throw error(word.isEmpty() ? "Expected a value at position " + (pos + 1)
                    : "\"" + shorten(word) + "\" is not a value: put text in double quotes");
        }

        /** A JSON string (RFC 8259 §7). */
        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("Control characters are not allowed in a value");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("Incomplete \\u escape in a value");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("Invalid \\u escape in a value");
                        }
                        pos += 4;
                    }
                    default -> throw error("Invalid escape \\" + e + " in a value");
                }
            }
            throw error("A value has no closing double quote");
        }

        private String word() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "()[]\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** Consumes a keyword followed by a space or parenthesis; case-insensitive. */
        private boolean keyword(String keyword) {
            skipSpaces();
            int end = pos + keyword.length();
            if (end <= text.length() && text.regionMatches(true, pos, keyword, 0, keyword.length())
                    && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
                pos = end;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpaces();
            if (peek() != c) {
                throw error("Expected '" + c + "' at position " + (pos + 1));
            }
            pos++;
        }

        private char peek() {
            skipSpaces();
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private static String shorten(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }

        private InvalidFilterException error(String message) {
            return new InvalidFilterException(message);
        }
    }

    /** Lower-cases attribute names for comparison: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
    static String normalise(String attribute) {
        return attribute.toLowerCase(Locale.ROOT);
    }

    /** All comparisons in the filter, for callers that check attribute names up front. */
    static List<ScimFilter> leaves(ScimFilter filter) {
        List<ScimFilter> out = new ArrayList<>();
        collect(filter, out);
        return out;
    }

    private static void collect(ScimFilter filter, List<ScimFilter> out) {
        if (filter instanceof And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (filter instanceof Or o) {
            collect(o.left(), out);
            collect(o.right(), out);
        } else if (filter instanceof Not n) {
            collect(n.inner(), out);
        } else {
            out.add(filter);
        }
    }
}
