package dev.portcullis.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The absolute session lifetime; the idle timeout is {@code server.servlet.session.timeout}. */
@ConfigurationProperties("portcullis.session")
record SessionProperties(Duration absoluteTimeout) {

    SessionProperties {
        absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(12) : absoluteTimeout;
        if (absoluteTimeout.isNegative() || absoluteTimeout.isZero() || absoluteTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("portcullis.session.absolute-timeout must be more than 0 and at most 24 hours");
        }
    }
}
