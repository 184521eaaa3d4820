package dev.portcullis.setup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.InvalidAccountException;
import dev.portcullis.shared.ServiceProperties;

/**
 * At start-up: seed demo data when asked, then make sure someone can sign in. On an empty
 * database the bootstrap credentials create a global administrator; without them a one-time
 * set-up link is printed. Passwords are never printed, except the demo's own.
 */
@Component
class StartupAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupAccounts.class);

    private final AccountService accounts;
    private final FirstAdministrator firstAdministrator;
    private final SetupTokens tokens;
    private final DemoData demo;
    private final BootstrapProperties bootstrap;
    private final ServiceProperties service;

    StartupAccounts(AccountService accounts, FirstAdministrator firstAdministrator, SetupTokens tokens, DemoData demo,
                    BootstrapProperties bootstrap, ServiceProperties service) {
        this.accounts = accounts;
        this.firstAdministrator = firstAdministrator;
        this.tokens = tokens;
        this.demo = demo;
        this.bootstrap = bootstrap;
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (service.demo()) {
            demo.seed();
        }
        if (accounts.count() > 0) {
            tokens.revokeAll();
            if (!service.demo()) {
                log.info("Portcullis is ready at {} — sign in with your email address and password.", service.baseUrl());
            }
            return;
        }
        if (bootstrap.given()) {
            try {
                firstAdministrator.create(bootstrap.adminEmail(), "Administrator", bootstrap.adminPassword().toCharArray(), "bootstrap");
            } catch (InvalidAccountException refused) {
                // Stop start-up rather than run with a guessable administrator password; the message never holds it.
                String variable = "password".equals(refused.field()) ? "PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD"
                        : "PORTCULLIS_BOOTSTRAP_ADMIN_EMAIL";
                throw new IllegalStateException(variable + " was refused: " + refused.getMessage()
                        + ". Nothing was created. Set it again and restart Portcullis.");
            }
            log.info("Created the first global administrator {} from PORTCULLIS_BOOTSTRAP_ADMIN_EMAIL. Sign in at {}",
                    bootstrap.adminEmail().strip(), service.link("/signin"));
            return;
        }
        String token = tokens.issue();
        log.warn("""

                ================================================================================
                 Portcullis has no accounts yet. Create the first administrator at this one-time
                 link (valid for {} hours):

                   {}

                 Or start with PORTCULLIS_BOOTSTRAP_ADMIN_EMAIL and PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD,
                 or try it with --portcullis.demo=true.
                ================================================================================""",
                SetupTokens.LIFETIME.toHours(), service.link("/setup/" + token));
    }
}
