package dev.portcullis.monitoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in monitoring, {@code portcullis.monitoring.*}.
 *
 * @param retention     how long sign-in attempts are kept before the daily job removes them
 * @param geoipDatabase a MaxMind GeoIP2 or GeoLite2 City (or Country) {@code .mmdb} file; blank
 *                      for none, when places and countries are simply unknown
 * @param notMeValidity how long a "This wasn't me" link in an email works
 */
@ConfigurationProperties("portcullis.monitoring")
public record MonitoringProperties(@DefaultValue("400d") Duration retention,
                                   @DefaultValue("") String geoipDatabase,
                                   @DefaultValue("14d") Duration notMeValidity) {

    public MonitoringProperties {
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("portcullis.monitoring.retention must be at least 1d");
        }
        if (notMeValidity == null || notMeValidity.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new IllegalArgumentException("portcullis.monitoring.not-me-validity must be at least 10m");
        }
        geoipDatabase = geoipDatabase == null ? "" : geoipDatabase.strip();
    }
}
