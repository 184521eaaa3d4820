package dev.portcullis.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock replaced by a {@link MutableClock} the test moves by hand:
 * {@code @Import(MutableClockConfiguration.class)} on a {@code @SpringBootTest}, then autowire
 * {@code MutableClock}. One place instead of a nested configuration class in every test.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }
}
