package dev.portcullis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Portcullis: account portal and identity provider with mandatory multi-factor authentication. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PortcullisApplication {

    public static void main(String[] args) {
        // HttpURLConnection (used by GOV.UK Notify's client) silently re-sends a POST whose
        // connection dropped: that would send a security code twice.
        System.setProperty("sun.net.http.retryPost", "false");
        SpringApplication.run(PortcullisApplication.class, args);
    }
}
