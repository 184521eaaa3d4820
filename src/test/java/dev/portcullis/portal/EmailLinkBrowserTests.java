package dev.portcullis.portal;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code PORTCULLIS_EMAIL_URL} set, the navigation offers Email, between Profile and Help. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.email-url=https://mail.example.test/owa/")
class EmailLinkBrowserTests {

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    private Browser browser;

    private String email;

    private String password;

    @BeforeEach
    void accountAndBrowser() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.email = "priya." + unique + "@highstreet.example";
        this.password = "mortar-pestle-" + unique;
        long organisationId = this.organisations.findOrCreate("FA123", "High Street Community Pharmacy").id();
        this.accounts.create(new NewAccount(this.email, "Priya Pharmacist", organisationId, Role.USER,
                this.password.toCharArray()), "test", null);
        this.browser = new Browser(this.port);
    }

    @AfterEach
    void closeBrowser() {
        this.browser.close();
    }

    @Test
    void navigationWhenEmailUrlSetThenEmailItemOpensTheMailService() {
        this.browser.signIn(this.email, this.password);

        assertThat(PortalBrowserTests.navigation(this.browser))
                .containsExactly("Home", "People Finder", "Profile", "Email", "Help");
        assertThat(this.browser.find("nav[aria-label='Menu'] a[href='https://mail.example.test/owa/']").getText())
                .isEqualTo("Email");
    }
}
