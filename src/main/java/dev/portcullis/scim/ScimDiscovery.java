package dev.portcullis.scim;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.portcullis.shared.ServiceProperties;

/**
 * The discovery endpoints (RFC 7644 §4): what this service provider supports, its resource types
 * and the schemas of the attributes it understands (RFC 7643 §5–§7). They describe exactly what
 * {@link ScimUsers} and {@link ScimGroups} do: no bulk, no sort, no ETags, no password changes.
 */
@Component
class ScimDiscovery {

    private static final String SERVICE_PROVIDER_CONFIG = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
             "documentationUri":"https://datatracker.ietf.org/doc/html/rfc7644",
             "patch":{"supported":true},
             "bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},
             "filter":{"supported":true,"maxResults":%d},
             "changePassword":{"supported":false},
             "sort":{"supported":false},
             "etag":{"supported":false},
             "authenticationSchemes":[{"type":"oauthbearertoken","name":"Bearer token",
               "description":"A provisioning token issued on the administrators' console (Administration > SCIM provisioning tokens), sent as Authorization: Bearer.",
               "primary":true}],
             "meta":{"resourceType":"ServiceProviderConfig"}}
            """;

    private static final String RESOURCE_TYPES = """
            [{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"id":"User","name":"User",
              "endpoint":"/Users","description":"An account: its email address is the userName",
              "schema":"urn:ietf:params:scim:schemas:core:2.0:User",
              "schemaExtensions":[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":false}],
              "meta":{"resourceType":"ResourceType"}},
             {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"id":"Group","name":"Group",
              "endpoint":"/Groups","description":"An organisation (read-only); externalId is its code",
              "schema":"urn:ietf:params:scim:schemas:core:2.0:Group",
              "meta":{"resourceType":"ResourceType"}}]
            """;

    private static final String SCHEMAS = """
            [{"id":"urn:ietf:params:scim:schemas:core:2.0:User","name":"User","description":"An account",
              "attributes":[
               %s,
               %s,
               %s,
               {"name":"name","type":"complex","multiValued":false,"required":false,"mutability":"readWrite","returned":"default","uniqueness":"none",
                "subAttributes":[%s,%s,%s]},
               %s,
               {"name":"emails","type":"complex","multiValued":true,"required":false,"mutability":"readWrite","returned":"default","uniqueness":"none",
                "description":"Only the userName itself: an account has one email address",
                "subAttributes":[%s,%s,{"name":"primary","type":"boolean","multiValued":false,"required":false,"mutability":"readOnly","returned":"default"}]},
               {"name":"active","type":"boolean","multiValued":false,"required":false,"mutability":"readWrite","returned":"default",
                "description":"false disables the account and ends its sessions"},
               %s,
               {"name":"groups","type":"complex","multiValued":true,"required":false,"mutability":"readOnly","returned":"default",
                "description":"The account's organisation",
                "subAttributes":[%s,%s]}],
              "meta":{"resourceType":"Schema"}},
             {"id":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","name":"EnterpriseUser","description":"Organisation and department",
              "attributes":[%s,%s],
              "meta":{"resourceType":"Schema"}},
             {"id":"urn:ietf:params:scim:schemas:core:2.0:Group","name":"Group","description":"An organisation (read-only)",
              "attributes":[%s,%s,
               {"name":"members","type":"complex","multiValued":true,"required":false,"mutability":"readOnly","returned":"default",
                "subAttributes":[%s,%s]}],
              "meta":{"resourceType":"Schema"}}]
            """;

    private final ScimJson json;
    private final ServiceProperties service;

    ScimDiscovery(ScimJson json, ServiceProperties service) {
        this.json = json;
        this.service = service;
    }

    ObjectNode serviceProviderConfig() {
        ObjectNode config = json.parse(SERVICE_PROVIDER_CONFIG.formatted(ScimController.MAX_COUNT));
        ((ObjectNode) config.get("meta")).put("location", service.link(ScimResources.BASE_PATH + "/ServiceProviderConfig"));
        return config;
    }

    ObjectNode resourceTypes() {
        return list(RESOURCE_TYPES, "ResourceTypes");
    }

    ObjectNode schemas() {
        String schemas = SCHEMAS.formatted(
                attribute("userName", "string", true, "readWrite", "server", "The email address; cannot be changed once set"),
                attribute("externalId", "string", false, "readWrite", "none", "The provisioning client's own identifier", true),
                attribute("displayName", "string", false, "readWrite", "none", "The name shown in the portal and People Finder"),
                attribute("formatted", "string", false, "readWrite", "none", "Same as displayName"),
                attribute("givenName", "string", false, "readWrite", "none", "Kept as given"),
                attribute("familyName", "string", false, "readWrite", "none", "Kept as given"),
                attribute("title", "string", false, "readWrite", "none", "Job title in the directory"),
                attribute("value", "string", false, "readWrite", "none", "The email address"),
                attribute("type", "string", false, "readOnly", "none", "work"),
                attribute("id", "string", false, "readOnly", "server", "Unique identifier", true),
                attribute("value", "string", false, "readOnly", "none", "The organisation's id"),
                attribute("display", "string", false, "readOnly", "none", "The organisation's name"),
                attribute("organization", "string", false, "readWrite", "none",
                        "The organisation's code; an organisation's token may only use its own, a global token may move accounts"),
                attribute("department", "string", false, "readWrite", "none", "Department in the directory"),
                attribute("displayName", "string", false, "readOnly", "none", "The organisation's name"),
                attribute("externalId", "string", false, "readOnly", "server", "The organisation's code", true),
                attribute("value", "string", false, "readOnly", "none", "An account's id"),
                attribute("display", "string", false, "readOnly", "none", "An account's name"));
        return list(schemas, "Schemas");
    }

    private ObjectNode list(String array, String endpoint) {
        ArrayNode items = (ArrayNode) json.parse("{\"items\":" + array + "}").get("items");
        ObjectNode list = json.object();
        list.putArray("schemas").add(ScimResources.LIST_SCHEMA);
        list.put("totalResults", items.size());
        list.put("startIndex", 1);
        list.put("itemsPerPage", items.size());
        ArrayNode resources = list.putArray("Resources");
        for (JsonNode item : items) {
            ObjectNode resource = (ObjectNode) item;
            String id = resource.get("id").stringValue();
            ((ObjectNode) resource.get("meta")).put("location", service.link(ScimResources.BASE_PATH + "/" + endpoint + "/" + id));
            resources.add(resource);
        }
        return list;
    }

    /** The resource with this id from a discovery list, or null. */
    static ObjectNode find(ObjectNode list, String id) {
        for (JsonNode resource : list.get("Resources")) {
            if (resource.get("id").stringValue().equals(id)) {
                return (ObjectNode) resource;
            }
        }
        return null;
    }

    private static String attribute(String name, String type, boolean required, String mutability, String uniqueness,
                                    String description) {
        return attribute(name, type, required, mutability, uniqueness, description, false);
    }

    private static String attribute(String name, String type, boolean required, String mutability, String uniqueness,
                                    String description, boolean caseExact) {
        return ("{\"name\":\"%s\",\"type\":\"%s\",\"multiValued\":false,\"required\":%s,\"caseExact\":%s,"
                + "\"mutability\":\"%s\",\"returned\":\"default\",\"uniqueness\":\"%s\",\"description\":\"%s\"}")
                .formatted(name, type, required, caseExact, mutability, uniqueness, description);
    }
}
