package dev.portcullis.scim;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.portcullis.shared.EmailAddresses;

/**
 * Turns a parsed filter on Users into a parameterised SQL condition over the columns that
 * {@link ScimUserStore#search} joins. Only attributes listed here can be filtered on; any other is
 * an {@code invalidFilter} (RFC 7644 §3.4.2.2). Values are always bound, never written into SQL.
 */
final class ScimUserQuery {

    record Where(String sql, Map<String, Object> params) {
    }

    private enum Kind { TEXT, TEXT_EXACT, BOOLEAN, ID, TIME }

    private record Column(String sql, Kind kind) {
    }

    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:user:";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:";

    private static final Map<String, Column> COLUMNS = Map.ofEntries(
            Map.entry("id", new Column("a.id", Kind.ID)),
            Map.entry("username", new Column("a.email", Kind.TEXT)),
            Map.entry("emails", new Column("a.email", Kind.TEXT)),
            Map.entry("emails.value", new Column("a.email", Kind.TEXT)),
            Map.entry("externalid", new Column("s.external_id", Kind.TEXT_EXACT)),
            Map.entry("displayname", new Column("a.display_name", Kind.TEXT)),
            Map.entry("name.formatted", new Column("a.display_name", Kind.TEXT)),
            Map.entry("name.givenname", new Column("s.given_name", Kind.TEXT)),
            Map.entry("name.familyname", new Column("s.family_name", Kind.TEXT)),
            Map.entry("title", new Column("d.job_title", Kind.TEXT)),
            Map.entry("department", new Column("d.department", Kind.TEXT)),
            Map.entry("organization", new Column("o.code", Kind.TEXT)),
            Map.entry("active", new Column("a.status", Kind.BOOLEAN)),
            Map.entry("meta.created", new Column("a.created_at", Kind.TIME)),
            Map.entry("meta.lastmodified", new Column("COALESCE(s.last_modified, a.created_at)", Kind.TIME)));

    private final Map<String, Object> params = new LinkedHashMap<>();

    private ScimUserQuery() {
    }

    /** The condition for this client: its organisation only, never global administrators for an organisation's token. */
    static Where scope(ScimClient client, ScimFilter filter) {
        ScimUserQuery query = new ScimUserQuery();
        String sql = filter == null ? "1 = 1" : query.translate(filter);
        if (!client.global()) {
            query.params.put("scopeOrg", client.organisationId());
            sql = "a.organisation_id = :scopeOrg AND a.role <> 'global_admin' AND (" + sql + ")";
        }
        return new Where(sql, query.params);
    }

    /** Canonical attribute name: lower case, without the core or enterprise schema prefix. */
    static String attributeName(String attribute) {
        String name = ScimFilter.normalise(attribute);
        if (name.startsWith(CORE)) {
            return name.substring(CORE.length());
        }
        if (name.startsWith(ENTERPRISE)) {
            String rest = name.substring(ENTERPRISE.length());
            return rest.equals("department") || rest.equals("organization") ? rest : "?" + rest;
        }
        return name;
    }

    private String translate(ScimFilter filter) {
        if (filter instanceof ScimFilter.And and) {
            return "(" + translate(and.left()) + " AND " + translate(and.right()) + ")";
        }
        if (filter instanceof ScimFilter.Or or) {
            return "(" + translate(or.left()) + " OR " + translate(or.right()) + ")";
        }
        if (filter instanceof ScimFilter.Not not) {
            return "NOT (" + translate(not.inner()) + ")";
        }
        if (filter instanceof ScimFilter.Present present) {
            Column column = column(present.attribute());
            return switch (column.kind()) {
                case TEXT, TEXT_EXACT -> "(" + column.sql() + " IS NOT NULL AND " + column.sql() + " <> '')";
                default -> "1 = 1";
            };
        }
        ScimFilter.Comparison c = (ScimFilter.Comparison) filter;
        Column column = column(c.attribute());
        return switch (column.kind()) {
            case TEXT -> text(column.sql(), c, true);
            case TEXT_EXACT -> text(column.sql(), c, false);
            case BOOLEAN -> active(c);
            case ID -> id(c);
            case TIME -> time(column.sql(), c);
        };
    }

    private static Column column(String attribute) {
        Column column = COLUMNS.get(attributeName(attribute));
        if (column == null) {
            throw new ScimFilter.InvalidFilterException("Filtering on \"" + shorten(attribute) + "\" is not supported");
        }
        return column;
    }

    private String text(String sql, ScimFilter.Comparison c, boolean caseInsensitive) {
        if (!(c.value() instanceof String value)) {
            throw new ScimFilter.InvalidFilterException(c.attribute() + " needs a value in double quotes");
        }
        // userName and emails: "eq" goes through the canonical form, so it matches however the address is written.
        if (sql.equals("a.email") && (c.operator() == ScimFilter.Operator.EQ || c.operator() == ScimFilter.Operator.NE)) {
            String canonical = EmailAddresses.canonical(value);
            String match = canonical == null ? "1 = 0" : "a.email_canonical = :" + bind(canonical);
            return c.operator() == ScimFilter.Operator.EQ ? match : "NOT (" + match + ")";
        }
        String column = caseInsensitive ? "LOWER(" + sql + ")" : sql;
        String v = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
        return switch (c.operator()) {
            case EQ -> column + " = :" + bind(v);
            case NE -> "(" + sql + " IS NULL OR " + column + " <> :" + bind(v) + ")";
            case CO -> column + " LIKE :" + bind("%" + escapeLike(v) + "%") + " ESCAPE '!'";
            case SW -> column + " LIKE :" + bind(escapeLike(v) + "%") + " ESCAPE '!'";
            case EW -> column + " LIKE :" + bind("%" + escapeLike(v)) + " ESCAPE '!'";
            case GT -> column + " > :" + bind(v);
            case GE -> column + " >= :" + bind(v);
            case LT -> column + " < :" + bind(v);
            case LE -> column + " <= :" + bind(v);
        };
    }

    /** active (RFC 7643 §4.1.1) is false only for a disabled account; locked and leaving accounts are still active. */
    private String active(ScimFilter.Comparison c) {
        if (!(c.value() instanceof Boolean value)) {
            throw new ScimFilter.InvalidFilterException("active needs true or false");
        }
        boolean wanted = switch (c.operator()) {
            case EQ -> value;
            case NE -> !value;
            default -> throw new ScimFilter.InvalidFilterException("active can only be compared with eq or ne");
        };
        return wanted ? "a.status <> 'disabled'" : "a.status = 'disabled'";
    }

    private String id(ScimFilter.Comparison c) {
        if (!(c.value() instanceof String value) || (c.operator() != ScimFilter.Operator.EQ && c.operator() != ScimFilter.Operator.NE)) {
            throw new ScimFilter.InvalidFilterException("id can only be compared with eq or ne and a value in double quotes");
        }
        String match;
        try {
            match = "a.id = :" + bind(Long.parseLong(value));
        } catch (NumberFormatException e) {
            match = "1 = 0";
        }
        return c.operator() == ScimFilter.Operator.EQ ? match : "NOT (" + match + ")";
    }

    private String time(String sql, ScimFilter.Comparison c) {
        Instant at;
        try {
            at = c.value() instanceof String s ? Instant.parse(s) : null;
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            throw new ScimFilter.InvalidFilterException(c.attribute() + " needs a date and time like \"2026-01-31T09:00:00Z\"");
        }
        String p = bind(Timestamp.from(at));
        return switch (c.operator()) {
            case EQ -> sql + " = :" + p;
            case NE -> sql + " <> :" + p;
            case GT -> sql + " > :" + p;
            case GE -> sql + " >= :" + p;
            case LT -> sql + " < :" + p;
            case LE -> sql + " <= :" + p;
            default -> throw new ScimFilter.InvalidFilterException(c.attribute() + " cannot be compared with " + c.operator().name().toLowerCase(Locale.ROOT));
        };
    }

    private String bind(Object value) {
        String name = "f" + params.size();
        params.put(name, value instanceof BigDecimal d ? d.toString() : value);
        return name;
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
