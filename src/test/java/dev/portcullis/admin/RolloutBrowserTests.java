package dev.portcullis.admin;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout from start to finish in headless Chromium (axe checks every page): a local
 * administrator with an authenticator app makes MFA mandatory for their organisation from a
 * future date with one postponement; a nurse is nudged and chooses "Not now"; the administrator
 * brings the date forward to today; the nurse is forced into enrolment, can reach nothing else,
 * and sets up the app; the administrator resets the nurse's MFA (after confirming) and finds it
 * in the audit log; at the next sign-in the nurse must set up MFA again.
 */
class RolloutBrowserTests extends AdminConsoleTestBase {

    @Test
    void localAdministratorRunsTheRolloutAndResetsAPersonsMfa() {
        long org = organisation("Rollout Trust");
        Account admin = person(org, Role.LOCAL_ADMIN, "Rhona Admin");
        String adminKey = enrolApp(admin);
        Account nurse = person(org, Role.USER, "Nell Nurse");
        LocalDate today = LocalDate.now(clock.withZone(MfaPolicyService.ZONE));
        LocalDate soon = today.plusDays(14);

        try (Browser browser = new Browser(port)) {
            // The administrator sets the policy: mandatory from a future date, one "Not now".
            signInWithApp(browser, admin, adminKey);
            setPolicy(browser, soon, "1");
            assertThat(browser.text("#success-message")).contains("The MFA policy has been saved");
            browser.signOut();

            // The nurse is nudged, with the date and the postponement left, and chooses "Not now".
            browser.signIn(nurse.email(), PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/mfa-nudge");
            assertThat(browser.find("#set-up-now").getText()).isEqualTo("Set up MFA now");
            assertThat(browser.text("#postponements-left")).contains("1 more time");
            assertThat(browser.text("#mandatory-from")).isEqualTo(soon.format(java.time.format.DateTimeFormatter
                    .ofPattern("d MMMM yyyy", java.util.Locale.UK)));
            browser.click("#not-now");
            assertThat(browser.path()).isEqualTo("/");
            browser.signOut();

            // The administrator brings the date forward to today.
            signInWithApp(browser, admin, adminKey);
            setPolicy(browser, today, "1");
            assertThat(browser.text("#success-message")).contains("The MFA policy has been saved");
            browser.signOut();

            // The nurse now goes straight to enrolment, and nothing else is reachable until it is done.
            browser.signIn(nurse.email(), PASSWORD);
            assertThat(browser.path()).isEqualTo("/account/security/enroll?required");
            assertThat(browser.find("#mfa-required").isDisplayed()).isTrue();
            for (String elsewhere : new String[] {"/", "/account/profile", "/account/self-service", "/admin", "/signin/mfa-nudge"}) {
                browser.open(elsewhere);
                assertThat(browser.path()).as(elsewhere).startsWith("/account/security/enroll");
            }
            browser.click("#enroll-totp");
            String nurseKey = browser.text("#totp-secret");
            browser.type("#code", code(nurseKey));
            browser.click("#confirm-totp");
            for (int i = 0; i < 3 && !browser.findAll("#continue").isEmpty(); i++) {
                browser.click("#continue");
            }
            assertThat(mfa.enabled(nurse.id())).isTrue();
            browser.open("/");
            assertThat(browser.path()).isEqualTo("/");
            browser.signOut();

            // The administrator resets the nurse's MFA, confirming first, and sees it in the audit log.
            signInWithApp(browser, admin, adminKey);
            browser.open("/admin/accounts?q=" + nurse.email());
            browser.click("a[href='/admin/accounts/" + nurse.id() + "']");
            assertThat(browser.text("#account-mfa")).isEqualTo("Enabled");
            browser.click("#action-reset-mfa");
            assertThat(browser.text("h1")).isEqualTo("Reset MFA for Nell Nurse?");
            assertThat(mfa.enabled(nurse.id())).as("not before confirming").isTrue();
            browser.click("#confirm-action");
            assertThat(browser.text("#success-message")).contains("MFA has been reset for Nell Nurse");
            assertThat(browser.text("#account-mfa")).isEqualTo("Not Enabled");
            browser.open("/admin/audit");
            browser.type("#account", nurse.email());
            browser.click("#filter-audit");
            assertThat(browser.text("#audit")).contains("mfa.disabled").contains(nurse.email()).contains(admin.email());
            browser.signOut();

            // At the next sign-in the nurse must set up MFA again.
            browser.signIn(nurse.email(), PASSWORD);
            assertThat(browser.path()).isEqualTo("/account/security/enroll?required");
            browser.open("/");
            assertThat(browser.path()).startsWith("/account/security/enroll");
        }
    }

    private void signInWithApp(Browser browser, Account account, String key) {
        browser.signIn(account.email(), PASSWORD);
        assertThat(browser.path()).isEqualTo("/signin/factor/totp");
        browser.type("#code", code(key));
        browser.click("#verify-totp");
        assertThat(browser.path()).isEqualTo("/");
    }

    private static void setPolicy(Browser browser, LocalDate from, String postponements) {
        browser.open("/admin/policy");
        browser.find("#mode-mandatory").click();
        browser.type("#mandatory-from-day", Integer.toString(from.getDayOfMonth()));
        browser.type("#mandatory-from-month", Integer.toString(from.getMonthValue()));
        browser.type("#mandatory-from-year", Integer.toString(from.getYear()));
        browser.type("#maxPostponements", postponements);
        browser.click("#save-policy");
    }
}
