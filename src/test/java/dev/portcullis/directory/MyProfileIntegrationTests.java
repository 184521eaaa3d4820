package dev.portcullis.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My Profile over HTTP with the default configuration: the person edits job title, department,
 * work phone, pronouns and location; the name belongs to the administrator. Values are shown
 * encoded wherever they appear (INP-04).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MyProfileIntegrationTests {

    private static final String NOTICE = "This information is displayed in the directory to other users of the email system.";

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private DirectoryService directory;

    @Autowired
    private JdbcClient jdbc;

    private Account account;

    private String email;

    private final String password = "harbour-violet-thistle";

    @BeforeEach
    void account() {
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        email = "robin." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "@riverside.example";
        account = accounts.create(new NewAccount(email, "Robin Profile", organisationId, Role.USER, password.toCharArray()),
                "test", null);
    }

    private HttpUser signedIn(String email) {
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(email, password).location()).isEqualTo("/");
        return user;
    }

    private static Map<String, String> form(String job, String department, String phone, String pronouns, String location) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("jobTitle", job);
        form.put("department", department);
        form.put("workPhone", phone);
        form.put("pronouns", pronouns);
        form.put("location", location);
        return form;
    }

    @Test
    void profileShowsDirectoryNoticeEditableFieldsAndAdministratorOwnedName() {
        HttpUser user = signedIn(email);

        Response page = user.get("/account/profile");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(NOTICE).contains(email).contains("Riverside Hospitals NHS Foundation Trust (RX1)")
                .contains("id=\"profile-name\">Robin Profile<")
                .contains("name=\"jobTitle\"").contains("name=\"department\"").contains("name=\"workPhone\"")
                .contains("name=\"pronouns\"").contains("name=\"location\"")
                .doesNotContain("name=\"displayName\"");
    }

    @Test
    void saveWhenValidThenStoredShownAndAudited() {
        HttpUser user = signedIn(email);
        user.get("/account/profile");

        Response saved = user.post("/account/profile", form("Staff Nurse", "Outpatients", "01134960000", "they/them", "Main building"));

        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo("/account/profile");
        Response page = user.follow(saved);
        assertThat(page.body()).contains("Your profile has been updated.").contains("value=\"Staff Nurse\"")
                .contains("value=\"0113 496 0000\"").contains("value=\"they/them\"");
        Profile profile = directory.profile(account.id()).orElseThrow();
        assertThat(profile.jobTitle()).isEqualTo("Staff Nurse");
        assertThat(profile.department()).isEqualTo("Outpatients");
        assertThat(profile.workPhone()).isEqualTo("0113 496 0000");
        assertThat(profile.location()).isEqualTo("Main building");
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE type = 'directory.profile.changed' AND subject_account_id = :id")
                .param("id", account.id()).query(String.class).single())
                .isEqualTo("fields=department,jobTitle,location,pronouns,workPhone");
    }

    @Test
    void saveWhenAdministratorOwnedFieldSentThenIgnored() {
        HttpUser user = signedIn(email);
        user.get("/account/profile");
        Map<String, String> tampered = form("Porter", "", "", "", "");
        tampered.put("displayName", "Someone Else");

        user.post("/account/profile", tampered);

        assertThat(accounts.findById(account.id()).orElseThrow().displayName()).isEqualTo("Robin Profile");
        assertThat(directory.profile(account.id()).orElseThrow().jobTitle()).isEqualTo("Porter");
    }

    @Test
    void inp01_saveWhenInvalidThenEveryProblemShownAndNothingSaved() {
        HttpUser user = signedIn(email);
        user.get("/account/profile");

        Response refused = user.post("/account/profile", form("x".repeat(101), "Outpatients", "call me maybe", "", ""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("There is a problem")
                .contains("<a href=\"#jobTitle\">Job title must be 100 characters or fewer</a>")
                .contains("<a href=\"#workPhone\">Enter a work phone number in the correct format, like 0113 496 0000 or +44 113 496 0000</a>")
                .contains("value=\"call me maybe\"");
        Profile profile = directory.profile(account.id()).orElseThrow();
        assertThat(profile.department()).isNull();
        assertThat(profile.jobTitle()).isNull();
    }

    @Test
    void inp04_markupInProfileRenderedEncodedOnMyProfileAndPeopleFinder() {
        HttpUser user = signedIn(email);
        user.get("/account/profile");
        String script = "<script>alert('x')</script>";

        user.post("/account/profile", form(script, "\"><img src=x onerror=alert(1)>", "", "", ""));

        Response mine = user.get("/account/profile");
        assertThat(mine.body()).doesNotContain(script).doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        Response found = user.get("/people?q=robin+profile");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("Robin Profile").doesNotContain(script).doesNotContain("<img src=x")
                .contains("&lt;script&gt;");
    }

    @Test
    void mfa04_saveWhenNoCsrfTokenThenRefused() {
        HttpUser user = signedIn(email);

        Response refused = user.postRaw("/account/profile", form("Porter", "", "", "", ""));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(directory.profile(account.id()).orElseThrow().jobTitle()).isNull();
    }

    @Test
    void peopleFinderWhenSignedOutThenSentToSignIn() {
        Response response = new HttpUser(port).get("/people?q=robin");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("/signin");
    }

    @Test
    void inp03_peopleFinderWhenQueryTooLongThenClear400() {
        HttpUser user = signedIn(email);

        Response response = user.get("/people?q=" + "a".repeat(5000) + "&page=abc");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Search must be 100 characters or fewer").doesNotContain("a".repeat(300));
    }
}
