package dev.portcullis.directory;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** My Profile where configuration lets people change their own name, and keeps the department for the administrator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.directory.user-editable=display-name,job-title")
class MyProfileNameEditableIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private DirectoryService directory;

    @Test
    void saveWhenNameEditableThenRenamedEverywhereAndDepartmentLeftAlone() {
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        String email = "kim." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "@riverside.example";
        Account account = accounts.create(new NewAccount(email, "Kim Before", organisationId, Role.USER,
                "harbour-violet-thistle".toCharArray()), "test", null);
        HttpUser user = new HttpUser(port);
        user.signIn(email, "harbour-violet-thistle");
        Response page = user.get("/account/profile");
        assertThat(page.body()).contains("name=\"displayName\"").contains("name=\"jobTitle\"").doesNotContain("name=\"department\"");

        Response saved = user.post("/account/profile", Map.of("displayName", "Kim After", "jobTitle", "Porter",
                "department", "Smuggled In"));

        assertThat(saved.location()).isEqualTo("/account/profile");
        assertThat(accounts.findById(account.id()).orElseThrow().displayName()).isEqualTo("Kim After");
        assertThat(directory.profile(account.id()).orElseThrow().department()).isNull();
        assertThat(user.get("/").body()).as("the header shows the new name").contains("Kim After");
        assertThat(user.get("/people?q=kim+after").body()).contains("Kim After").contains("Porter");

        Response blank = user.post("/account/profile", Map.of("displayName", "  ", "jobTitle", "Porter"));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("<a href=\"#displayName\">Enter your name</a>");
    }
}
