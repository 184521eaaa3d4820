package dev.portcullis.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Service;

import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;

/**
 * Groups are organisations, read-only: an account's organisation is its one group, changed through
 * the User's enterprise {@code organization}. An organisation's token sees only its own. There are
 * hundreds of organisations, not millions, so a filter on Groups is evaluated in memory, on
 * {@code id}, {@code displayName} and {@code externalId} (the organisation code).
 */
@Service
class ScimGroups {

    private final OrganisationService organisations;
    private final ScimUserStore users;
    private final ScimResources resources;

    ScimGroups(OrganisationService organisations, ScimUserStore users, ScimResources resources) {
        this.organisations = organisations;
        this.users = users;
        this.resources = resources;
    }

    ObjectNode get(ScimClient client, String id, boolean withMembers) {
        Organisation organisation = require(client, id);
        return resources.group(organisation, withMembers ? members(client, organisation) : List.of(), withMembers);
    }

    ObjectNode list(ScimClient client, ScimFilter filter, int startIndex, int count, boolean withMembers) {
        List<Organisation> visible = new ArrayList<>();
        for (Organisation organisation : organisations.findAll()) {
            if (client.covers(organisation.id()) && (filter == null || matches(filter, organisation))) {
                visible.add(organisation);
            }
        }
        visible.sort((a, b) -> Long.compare(a.id(), b.id()));
        List<ObjectNode> page = new ArrayList<>();
        for (int i = startIndex - 1; i < visible.size() && page.size() < count; i++) {
            Organisation organisation = visible.get(i);
            page.add(resources.group(organisation, withMembers ? members(client, organisation) : List.of(), withMembers));
        }
        return resources.listResponse(page, visible.size(), startIndex);
    }

    private List<ScimUserStore.Member> members(ScimClient client, Organisation organisation) {
        return users.members(ScimUserQuery.scope(client, null), organisation.id());
    }

    private Organisation require(ScimClient client, String id) {
        try {
            long organisationId = Long.parseLong(id);
            if (client.covers(organisationId)) {
                return organisations.findById(organisationId).orElseThrow(() -> ScimException.notFound("Group"));
            }
        } catch (NumberFormatException e) {
            // not an id of ours
        }
        throw ScimException.notFound("Group");
    }

    static boolean matches(ScimFilter filter, Organisation organisation) {
        if (filter instanceof ScimFilter.And and) {
            return matches(and.left(), organisation) && matches(and.right(), organisation);
        }
        if (filter instanceof ScimFilter.Or or) {
            return matches(or.left(), organisation) || matches(or.right(), organisation);
        }
        if (filter instanceof ScimFilter.Not not) {
            return !matches(not.inner(), organisation);
        }
        if (filter instanceof ScimFilter.Present present) {
            attribute(present.attribute(), organisation);
            return true;
        }
        ScimFilter.Comparison c = (ScimFilter.Comparison) filter;
        String actual = attribute(c.attribute(), organisation).toLowerCase(Locale.ROOT);
        if (!(c.value() instanceof String text)) {
            throw new ScimFilter.InvalidFilterException(c.attribute() + " needs a value in double quotes");
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        return switch (c.operator()) {
            case EQ -> actual.equals(wanted);
            case NE -> !actual.equals(wanted);
            case CO -> actual.contains(wanted);
            case SW -> actual.startsWith(wanted);
            case EW -> actual.endsWith(wanted);
            case GT -> actual.compareTo(wanted) > 0;
            case GE -> actual.compareTo(wanted) >= 0;
            case LT -> actual.compareTo(wanted) < 0;
            case LE -> actual.compareTo(wanted) <= 0;
        };
    }

    private static String attribute(String attribute, Organisation organisation) {
        String name = ScimFilter.normalise(attribute);
        if (name.startsWith(ScimResources.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":")) {
            name = name.substring(ScimResources.GROUP_SCHEMA.length() + 1);
        }
        return switch (name) {
            case "id" -> Long.toString(organisation.id());
            case "displayname" -> organisation.name();
            case "externalid" -> organisation.code();
            default -> throw new ScimFilter.InvalidFilterException("Filtering Groups on \"" + attribute + "\" is not supported");
        };
    }
}
