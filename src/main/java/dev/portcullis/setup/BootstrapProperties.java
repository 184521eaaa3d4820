package dev.portcullis.setup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The first administrator's credentials, from PORTCULLIS_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD. */
@ConfigurationProperties("portcullis.bootstrap")
record BootstrapProperties(String adminEmail, String adminPassword) {

    boolean given() {
        return adminEmail != null && !adminEmail.isBlank() && adminPassword != null && !adminPassword.isEmpty();
    }

    @Override
    public String toString() {
        return "BootstrapProperties[adminEmail=" + adminEmail + ", adminPassword=[redacted]]";
    }
}
