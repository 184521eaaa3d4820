package dev.portcullis.scim;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM 2.0 under {@code /scim/v2} (RFC 7644 §3): Users, Groups and the discovery endpoints.
 * Bodies are read and written here as application/scim+json; every failure, including paths that
 * do not exist, answers in SCIM's error format (§3.12). Who the caller is comes from the bearer
 * token ({@link ScimSecurityConfiguration}).
 */
@RestController
@RequestMapping(ScimResources.BASE_PATH)
class ScimController {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;
    private static final MediaType SCIM = MediaType.parseMediaType(ScimJson.MEDIA_TYPE + ";charset=UTF-8");
    private static final Logger log = LoggerFactory.getLogger(ScimController.class);

    private final ScimUsers users;
    private final ScimGroups groups;
    private final ScimDiscovery discovery;
    private final ScimJson json;

    ScimController(ScimUsers users, ScimGroups groups, ScimDiscovery discovery, ScimJson json) {
        this.users = users;
        this.groups = groups;
        this.discovery = discovery;
        this.json = json;
    }

    @GetMapping("/Users")
    ResponseEntity<byte[]> listUsers(@AuthenticationPrincipal ScimClient client,
                                     @RequestParam(required = false) String filter,
                                     @RequestParam(required = false) String startIndex,
                                     @RequestParam(required = false) String count) {
        return ok(users.list(client, filter(filter), startIndex(startIndex), count(count)));
    }

    @PostMapping("/Users")
    ResponseEntity<byte[]> createUser(@AuthenticationPrincipal ScimClient client, HttpServletRequest request) {
        ObjectNode created = users.create(client, body(request));
        String location = created.get("meta").get("location").stringValue();
        return ResponseEntity.status(201).contentType(SCIM).header("Location", location).body(json.write(created));
    }

    @GetMapping("/Users/{id}")
    ResponseEntity<byte[]> getUser(@AuthenticationPrincipal ScimClient client, @PathVariable String id) {
        return ok(users.get(client, id));
    }

    @PutMapping("/Users/{id}")
    ResponseEntity<byte[]> replaceUser(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
                                       HttpServletRequest request) {
        return ok(users.replace(client, id, body(request)));
    }

    @PatchMapping("/Users/{id}")
    ResponseEntity<byte[]> patchUser(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
                                     HttpServletRequest request) {
        return ok(users.patch(client, id, body(request)));
    }

    @DeleteMapping("/Users/{id}")
    ResponseEntity<byte[]> deleteUser(@AuthenticationPrincipal ScimClient client, @PathVariable String id) {
        users.delete(client, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/Groups")
    ResponseEntity<byte[]> listGroups(@AuthenticationPrincipal ScimClient client,
                                      @RequestParam(required = false) String filter,
                                      @RequestParam(required = false) String startIndex,
                                      @RequestParam(required = false) String count,
                                      @RequestParam(required = false) String excludedAttributes) {
        return ok(groups.list(client, filter(filter), startIndex(startIndex), count(count), withMembers(excludedAttributes)));
    }

    @GetMapping("/Groups/{id}")
    ResponseEntity<byte[]> getGroup(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
                                    @RequestParam(required = false) String excludedAttributes) {
        return ok(groups.get(client, id, withMembers(excludedAttributes)));
    }

    @RequestMapping(path = {"/Groups", "/Groups/{id}"}, method = {org.springframework.web.bind.annotation.RequestMethod.POST,
            org.springframework.web.bind.annotation.RequestMethod.PUT, org.springframework.web.bind.annotation.RequestMethod.PATCH,
            org.springframework.web.bind.annotation.RequestMethod.DELETE})
    ResponseEntity<byte[]> changeGroup() {
        throw new ScimException(501, null,
                "Groups are organisations and are read-only here: move a User with its enterprise organization attribute");
    }

    @GetMapping("/ServiceProviderConfig")
    ResponseEntity<byte[]> serviceProviderConfig() {
        return ok(discovery.serviceProviderConfig());
    }

    @GetMapping("/ResourceTypes")
    ResponseEntity<byte[]> resourceTypes() {
        return ok(discovery.resourceTypes());
    }

    @GetMapping("/ResourceTypes/{id}")
    ResponseEntity<byte[]> resourceType(@PathVariable String id) {
        return found(ScimDiscovery.find(discovery.resourceTypes(), id), "ResourceType");
    }

    @GetMapping("/Schemas")
    ResponseEntity<byte[]> schemas() {
        return ok(discovery.schemas());
    }

    @GetMapping("/Schemas/{id}")
    ResponseEntity<byte[]> schema(@PathVariable String id) {
        return found(ScimDiscovery.find(discovery.schemas(), id), "Schema");
    }

    /** Anything else under /scim/v2: a SCIM 404, not the portal's error page. */
    @RequestMapping("/**")
    ResponseEntity<byte[]> unknown() {
        throw ScimException.notFound("Endpoint");
    }

    @ExceptionHandler(ScimException.class)
    ResponseEntity<byte[]> scimError(ScimException e) {
        return error(e.status(), e.scimType(), e.getMessage());
    }

    @ExceptionHandler(ScimFilter.InvalidFilterException.class)
    ResponseEntity<byte[]> filterError(ScimFilter.InvalidFilterException e) {
        return error(400, "invalidFilter", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        if (e instanceof org.springframework.web.HttpRequestMethodNotSupportedException) {
            return error(405, null, "This method is not supported here");
        }
        if (e instanceof org.springframework.web.bind.MissingServletRequestParameterException
                || e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException) {
            return error(400, "invalidValue", "A request parameter is missing or malformed");
        }
        log.error("SCIM request failed", e);
        return error(500, null, "The request could not be completed");
    }

    private ResponseEntity<byte[]> error(int status, String scimType, String detail) {
        return ResponseEntity.status(status).contentType(SCIM).body(json.write(json.error(status, scimType, detail)));
    }

    private ResponseEntity<byte[]> ok(JsonNode body) {
        return ResponseEntity.ok().contentType(SCIM).body(json.write(body));
    }

    private ResponseEntity<byte[]> found(ObjectNode resource, String what) {
        if (resource == null) {
            throw ScimException.notFound(what);
        }
        return ok(resource);
    }

    private ObjectNode body(HttpServletRequest request) {
        try {
            return json.readObject(request.getInputStream(), request.getContentLengthLong());
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The request body could not be read");
        }
    }

    private static ScimFilter filter(String filter) {
        return filter == null ? null : ScimFilter.parse(filter);
    }

    /** RFC 7644 §3.4.2.4: below 1 is taken as 1. */
    private static int startIndex(String value) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE - 1, number(value, 1, "startIndex")));
    }

    /** RFC 7644 §3.4.2.4: negative is taken as 0; more than the maximum is capped. */
    private static int count(String value) {
        return (int) Math.max(0, Math.min(MAX_COUNT, number(value, DEFAULT_COUNT, "count")));
    }

    private static long number(String value, long absent, String name) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be a whole number");
        }
    }

    private static boolean withMembers(String excludedAttributes) {
        if (excludedAttributes == null) {
            return true;
        }
        for (String attribute : excludedAttributes.split(",")) {
            if (attribute.strip().equalsIgnoreCase("members")) {
                return false;
            }
        }
        return true;
    }
}
