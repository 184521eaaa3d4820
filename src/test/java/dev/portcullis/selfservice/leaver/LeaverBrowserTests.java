package dev.portcullis.selfservice.leaver;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nominate Myself as Leaver in headless Chromium: a nurse finds it in Self-Service, forgets the
 * terms once, then nominates themselves with a leaving date and the organisation they are moving
 * to; their local administrator signs in and finds them under Administration, Leavers and
 * joiners. Every page passes axe (WCAG 2.2 A/AA), the error state included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeaverBrowserTests {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final String PASSWORD = "lamp-ward-night-shift";

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Test
    void nurseNominatesThemselvesAsLeaverThenTheirAdministratorSeesItInTheQueue() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Organisation riverside = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust");
        Organisation hillside = organisations.findOrCreate("HX2", "Hillside Community Trust");
        String nurse = "mary." + unique + "@riverside.example";
        String admin = "ada." + unique + "@riverside.example";
        accounts.create(new NewAccount(nurse, "Mary Leaving", riverside.id(), Role.USER, PASSWORD.toCharArray()), "test", null);
        accounts.create(new NewAccount(admin, "Ada Admin", riverside.id(), Role.LOCAL_ADMIN, PASSWORD.toCharArray()), "test", null);
        LocalDate leavingDate = LocalDate.now(ZoneId.of("Europe/London")).plusDays(21);

        try (Browser browser = new Browser(port)) {
            browser.signIn(nurse, PASSWORD);
            browser.click("#nav-profile");
            browser.click("#menu-self-service");
            browser.click("#nominate-leaver-link");
            assertThat(browser.path()).isEqualTo("/account/leaver");
            assertThat(browser.text("h1")).isEqualTo("Nominate Myself as Leaver");

            fillDate(browser, leavingDate);
            new Select(browser.find("#destination")).selectByVisibleText("Hillside Community Trust");
            browser.click("#nominate-leaver");
            assertThat(browser.text(".nhsuk-error-summary")).contains("Confirm that you understand the terms and conditions");
            assertThat(browser.find("#leavingDate-day").getAttribute("value")).isEqualTo(String.valueOf(leavingDate.getDayOfMonth()));
            assertNoAxeViolations(browser, "nomination form with an error");

            browser.find("#acceptTerms").click();
            browser.click("#nominate-leaver");
            assertThat(browser.path()).isEqualTo("/account/leaver");
            assertThat(browser.text("h1")).isEqualTo("You are nominated as a leaver");
            assertThat(browser.text("#leaving-date")).isEqualTo(DATE.format(leavingDate));
            assertThat(browser.text("main")).contains("Your local administrator has been told.").contains(hillside.name());

            browser.signOut();
            browser.signIn(admin, PASSWORD);
            browser.click("#nav-admin");
            browser.click("#admin-leavers");
            assertThat(browser.path()).isEqualTo("/admin/leavers");
            assertThat(browser.text("#leaving")).contains("Mary Leaving").contains(nurse)
                    .contains(DATE.format(leavingDate)).contains(hillside.name());
        }
    }

    /** Browser checks each path once; the form with an error is at the same path, so it is checked here. */
    private static void assertNoAxeViolations(Browser browser, String what) {
        var results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"))
                .analyze(browser.driver());
        assertThat(results.getViolations()).as("WCAG 2.2 A/AA violations on the %s: %s", what,
                results.getViolations().stream().map(v -> v.getId() + " " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList()).toList()).isEmpty();
    }

    private static void fillDate(Browser browser, LocalDate date) {
        browser.type("#leavingDate-day", String.valueOf(date.getDayOfMonth()));
        browser.type("#leavingDate-month", String.valueOf(date.getMonthValue()));
        browser.type("#leavingDate-year", String.valueOf(date.getYear()));
    }
}
