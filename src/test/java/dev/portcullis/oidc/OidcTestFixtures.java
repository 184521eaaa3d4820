package dev.portcullis.oidc;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import dev.portcullis.testsupport.MutableClock;

/** A clock the tests move, and the phishing-resistant test factor with its challenge endpoint. */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestSecurityKey.Challenge.class)
class OidcTestFixtures {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

    @Bean
    TestSecurityKey testSecurityKey() {
        return new TestSecurityKey();
    }
}
