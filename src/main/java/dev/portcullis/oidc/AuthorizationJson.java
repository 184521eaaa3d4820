package dev.portcullis.oidc;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.security.jackson.SecurityJacksonModules;

import dev.portcullis.signin.SignedInAccount;

/**
 * The JSON mapper for authorizations at rest. Spring Security's modules allow only their own
 * types to be read back (a type allow-list against deserialisation attacks); the one type of
 * ours inside an authorization is the signed-in person, {@link SignedInAccount}, kept as the
 * principal together with the factor authorities that {@code amr} and {@code acr} come from.
 */
final class AuthorizationJson {

    private AuthorizationJson() {
    }

    static JsonMapper mapper() {
        ClassLoader loader = AuthorizationJson.class.getClassLoader();
        BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType(SignedInAccount.class);
        List<JacksonModule> modules = new ArrayList<>(SecurityJacksonModules.getModules(loader, allowed));
        SimpleModule ours = new SimpleModule("portcullis-oidc");
        ours.setMixInAnnotation(SignedInAccount.class, SignedInAccountMixin.class);
        modules.add(ours);
        return JsonMapper.builder().addModules(modules).build();
    }

    /** {@code getName()} is derived from the account id: written for readers, ignored when reading. */
    @JsonIgnoreProperties(value = "name", allowGetters = true)
    abstract static class SignedInAccountMixin {
    }
}
