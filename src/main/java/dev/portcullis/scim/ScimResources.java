package dev.portcullis.scim;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.directory.DirectoryService;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.directory.Profile;
import dev.portcullis.shared.ServiceProperties;

/**
 * How accounts and organisations look as SCIM resources (RFC 7643 §4.1, §4.2, §4.3). Locations
 * are built on the configured public base URL, never on the request's host (REC-03).
 */
@Component
class ScimResources {

    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String BASE_PATH = "/scim/v2";

    private final ScimJson json;
    private final OrganisationService organisations;
    private final DirectoryService directory;
    private final ServiceProperties service;

    ScimResources(ScimJson json, OrganisationService organisations, DirectoryService directory, ServiceProperties service) {
        this.json = json;
        this.organisations = organisations;
        this.directory = directory;
        this.service = service;
    }

    String location(String type, long id) {
        return service.link(BASE_PATH + "/" + type + "/" + id);
    }

    ObjectNode user(Account account, ScimUserStore.Extra extra) {
        Organisation organisation = organisations.findById(account.organisationId()).orElse(null);
        Profile profile = directory.profile(account.id()).orElse(null);
        ObjectNode user = json.object();
        user.putArray("schemas").add(ScimUserState.USER_SCHEMA).add(ScimUserState.ENTERPRISE_SCHEMA);
        user.put("id", Long.toString(account.id()));
        if (extra.externalId() != null) {
            user.put("externalId", extra.externalId());
        }
        user.put("userName", account.email());
        ObjectNode name = user.putObject("name");
        name.put("formatted", account.displayName());
        if (extra.givenName() != null) {
            name.put("givenName", extra.givenName());
        }
        if (extra.familyName() != null) {
            name.put("familyName", extra.familyName());
        }
        user.put("displayName", account.displayName());
        ObjectNode email = user.putArray("emails").addObject();
        email.put("value", account.email());
        email.put("type", "work");
        email.put("primary", true);
        user.put("active", account.status() != AccountStatus.DISABLED);
        if (profile != null && profile.jobTitle() != null) {
            user.put("title", profile.jobTitle());
        }
        ObjectNode enterprise = user.putObject(ScimUserState.ENTERPRISE_SCHEMA);
        if (organisation != null) {
            enterprise.put("organization", organisation.code());
        }
        if (profile != null && profile.department() != null) {
            enterprise.put("department", profile.department());
        }
        if (organisation != null) {
            ObjectNode group = user.putArray("groups").addObject();
            group.put("value", Long.toString(organisation.id()));
            group.put("$ref", location("Groups", organisation.id()));
            group.put("display", organisation.name());
            group.put("type", "direct");
        }
        meta(user, "User", account.createdAt(), ScimUsers.lastModified(account, extra), location("Users", account.id()));
        return user;
    }

    /** An organisation as a Group: its name as displayName, its code as externalId, its accounts as members. */
    ObjectNode group(Organisation organisation, List<ScimUserStore.Member> members, boolean withMembers) {
        ObjectNode group = json.object();
        group.putArray("schemas").add(GROUP_SCHEMA);
        group.put("id", Long.toString(organisation.id()));
        group.put("externalId", organisation.code());
        group.put("displayName", organisation.name());
        if (withMembers) {
            ArrayNode array = group.putArray("members");
            for (ScimUserStore.Member member : members) {
                ObjectNode m = array.addObject();
                m.put("value", Long.toString(member.accountId()));
                m.put("$ref", location("Users", member.accountId()));
                m.put("display", member.displayName());
                m.put("type", "User");
            }
        }
        ObjectNode meta = group.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("location", location("Groups", organisation.id()));
        return group;
    }

    ObjectNode listResponse(List<ObjectNode> resources, long total, int startIndex) {
        ObjectNode list = json.object();
        list.putArray("schemas").add(LIST_SCHEMA);
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        ArrayNode array = list.putArray("Resources");
        resources.forEach(array::add);
        return list;
    }

    private static void meta(ObjectNode resource, String type, Instant created, Instant lastModified, String location) {
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", lastModified.toString());
        meta.put("location", location);
    }
}
