package dev.portcullis.oidc.keys;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.oidc.OidcProperties;
import dev.portcullis.shared.SecretCipher;

/** The signing keys, their first generation at start-up, and the rotation check. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    SigningKeys signingKeys(SigningKeyStore store, SecretCipher cipher, OidcProperties properties,
                            TokenLifetimes tokenLifetimes, TransactionTemplate transactions,
                            ApplicationEventPublisher events, Clock clock, SecureRandom random) {
        return new SigningKeys(store, cipher, properties, tokenLifetimes, transactions, events, clock, random);
    }

    @Bean
    KeyRotation keyRotation(SigningKeys keys) {
        return new KeyRotation(keys);
    }

    /** Before the server takes requests, every algorithm has a key; then a periodic check rotates them. */
    static final class KeyRotation implements SmartInitializingSingleton {

        private final SigningKeys keys;

        KeyRotation(SigningKeys keys) {
            this.keys = keys;
        }

        @Override
        public void afterSingletonsInstantiated() {
            keys.rotateIfDue();
        }

        @Scheduled(fixedDelayString = "${portcullis.oidc.key-check-interval:PT10M}",
                initialDelayString = "${portcullis.oidc.key-check-interval:PT10M}")
        void check() {
            keys.rotateIfDue();
        }
    }
}
