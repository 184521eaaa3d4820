package dev.portcullis.web;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Just before Spring Security (order -100), after Spring Session's own filter. */
    @Bean
    FilterRegistrationBean<AbsoluteSessionTimeoutFilter> absoluteSessionTimeoutFilter(Clock clock, SessionProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new AbsoluteSessionTimeoutFilter(clock, properties.absoluteTimeout().toMillis()));
        registration.setOrder(-101);
        return registration;
    }
}
