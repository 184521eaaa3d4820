package dev.portcullis.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;

import dev.portcullis.monitoring.signals.Place;

/**
 * Where an address is, from the MaxMind GeoIP2/GeoLite2 file named by
 * {@code portcullis.monitoring.geoip-database}; everything unknown when none is configured.
 * A City database gives country, city and coordinates; a Country database only the country.
 */
@Component
class Places {

    private static final Logger logger = LoggerFactory.getLogger(Places.class);

    private final DatabaseReader reader;
    private final boolean city;

    Places(MonitoringProperties properties) {
        if (properties.geoipDatabase().isEmpty()) {
            reader = null;
            city = false;
            return;
        }
        Path file = Path.of(properties.geoipDatabase());
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("portcullis.monitoring.geoip-database names " + file.toAbsolutePath()
                    + ", which cannot be read");
        }
        try {
            reader = new DatabaseReader.Builder(file.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("portcullis.monitoring.geoip-database " + file.toAbsolutePath()
                    + " is not a MaxMind database", e);
        }
        city = reader.getMetadata().getDatabaseType().contains("City");
        logger.info("Sign-in places from {} ({})", file.toAbsolutePath(), reader.getMetadata().getDatabaseType());
    }

    Place locate(String address) {
        if (reader == null || address == null || !address.matches("[0-9A-Fa-f:.]+")) {
            return Place.UNKNOWN;
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            if (city) {
                return reader.tryCity(ip).map(Places::place).orElse(Place.UNKNOWN);
            }
            return reader.tryCountry(ip).map(Places::place).orElse(Place.UNKNOWN);
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            logger.debug("No place for {}: {}", address, e.toString());
            return Place.UNKNOWN;
        }
    }

    private static Place place(CityResponse response) {
        String country = response.getCountry() == null ? null : response.getCountry().getIsoCode();
        String cityName = response.getCity() == null ? null : response.getCity().getName();
        Double latitude = response.getLocation() == null ? null : response.getLocation().getLatitude();
        Double longitude = response.getLocation() == null ? null : response.getLocation().getLongitude();
        return new Place(clip(country, 2), clip(cityName, 100), latitude, longitude);
    }

    private static Place place(CountryResponse response) {
        String country = response.getCountry() == null ? null : response.getCountry().getIsoCode();
        return new Place(clip(country, 2), null, null, null);
    }

    private static String clip(String text, int max) {
        return text == null ? null : text.length() > max ? text.substring(0, max) : text;
    }

    @PreDestroy
    void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
