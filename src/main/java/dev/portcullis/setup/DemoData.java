package dev.portcullis.setup;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;

/**
 * Demonstration organisations and accounts for {@code --portcullis.demo=true}. Idempotent: what
 * exists is left alone. The shared demo password is printed on purpose; never use demo mode
 * with real people.
 */
@Component
class DemoData {

    static final String PASSWORD = "demo-password-2026";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private record DemoAccount(String email, String name, String organisationCode, Role role) {
    }

    private static final List<String[]> ORGANISATIONS = List.of(
            new String[] {"RX1", "Riverside Hospitals NHS Foundation Trust"},
            new String[] {"FA123", "High Street Community Pharmacy"},
            new String[] {"B81001", "Hillside Surgery"});

    private static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount("admin@portcullis.example", "Grace Admin", "RX1", Role.GLOBAL_ADMIN),
            new DemoAccount("local.admin@riverside.example", "Lucy Local-Admin", "RX1", Role.LOCAL_ADMIN),
            new DemoAccount("nurse@riverside.example", "Florence Nightingale", "RX1", Role.USER),
            new DemoAccount("pharmacist@highstreet.example", "Priya Pharmacist", "FA123", Role.USER),
            new DemoAccount("receptionist@hillside.example", "Rob Receptionist", "B81001", Role.USER));

    private final AccountService accounts;
    private final OrganisationService organisations;

    DemoData(AccountService accounts, OrganisationService organisations) {
        this.accounts = accounts;
        this.organisations = organisations;
    }

    @Transactional
    void seed() {
        for (String[] organisation : ORGANISATIONS) {
            organisations.findOrCreate(organisation[0], organisation[1]);
        }
        StringBuilder table = new StringBuilder();
        for (DemoAccount demo : ACCOUNTS) {
            if (accounts.findByEmail(demo.email()).isEmpty()) {
                Organisation organisation = organisations.findByCode(demo.organisationCode()).orElseThrow();
                accounts.create(new NewAccount(demo.email(), demo.name(), organisation.id(), demo.role(), PASSWORD.toCharArray()),
                        "demo", null);
            }
            table.append(String.format("%n   %-34s %-13s %s", demo.email(), demo.role().dbValue(), demo.name()));
        }
        log.warn("""

                ================================================================================
                 DEMO MODE: demonstration accounts (never use demo mode with real people).
                 Every demo account's password is: {}
                {}
                ================================================================================""",
                PASSWORD, table);
    }
}
