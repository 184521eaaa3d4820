package dev.portcullis.monitoring;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.portcullis.monitoring.signals.Place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GeoIP places read with MaxMind's library from a database file the test generates. */
class PlacesTests {

    @TempDir
    Path directory;

    private Places places(String file) {
        return new Places(new MonitoringProperties(Duration.ofDays(400), file, Duration.ofDays(14)));
    }

    @Test
    void locateWhenAddressInGeneratedDatabaseThenCountryCityAndCoordinates() throws Exception {
        Path file = new TestGeoIpDatabase()
                .city("81.2.69.0", 24, "GB", "London", 51.5142, -0.0931)
                .city("203.0.113.0", 24, "AU", "Sydney", -33.8688, 151.2093)
                .writeTo(directory.resolve("test-city.mmdb"));

        Places places = places(file.toString());

        assertThat(places.locate("81.2.69.160")).isEqualTo(new Place("GB", "London", 51.5142, -0.0931));
        assertThat(places.locate("203.0.113.9")).isEqualTo(new Place("AU", "Sydney", -33.8688, 151.2093));
        assertThat(places.locate("198.51.100.1")).as("not in the database").isEqualTo(Place.UNKNOWN);
        assertThat(places.locate("2001:db8::1")).as("IPv6 in an IPv4 database").isEqualTo(Place.UNKNOWN);
        assertThat(places.locate("not-an-address")).isEqualTo(Place.UNKNOWN);
    }

    @Test
    void locateWhenNoDatabaseConfiguredThenUnknown() {
        assertThat(places("").locate("81.2.69.160")).isEqualTo(Place.UNKNOWN);
    }

    @Test
    void startWhenDatabaseMissingThenClearError() {
        assertThatThrownBy(() -> places(directory.resolve("missing.mmdb").toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void distanceBetweenPlacesIsGreatCircle() {
        Place london = new Place("GB", "London", 51.5074, -0.1278);
        Place sydney = new Place("AU", "Sydney", -33.8688, 151.2093);
        assertThat(london.kilometresTo(sydney)).isBetween(16_900.0, 17_100.0);
    }
}
