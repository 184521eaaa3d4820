package dev.portcullis.monitoring;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitoringPropertiesTests {

    private static MonitoringProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("portcullis.monitoring", MonitoringProperties.class);
    }

    @Test
    void defaultsAreFourHundredDaysNoGeoIpAndFourteenDayLinks() {
        MonitoringProperties properties = bind(Map.of());
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(400));
        assertThat(properties.geoipDatabase()).isEmpty();
        assertThat(properties.notMeValidity()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void retentionIsConfigurable() {
        assertThat(bind(Map.of("portcullis.monitoring.retention", "90d")).retention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void retentionUnderADayIsRefusedWithItsName() {
        assertThatThrownBy(() -> bind(Map.of("portcullis.monitoring.retention", "1h")))
                .rootCause().hasMessageContaining("portcullis.monitoring.retention");
    }
}
