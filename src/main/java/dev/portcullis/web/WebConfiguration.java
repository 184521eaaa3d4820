package dev.portcullis.web;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.thymeleaf.ITemplateEngine;

import dev.portcullis.shared.ServiceProperties;

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

    /**
     * Outermost, before Spring Session's filter (order {@code Integer.MIN_VALUE + 50}), so that a
     * session store that cannot be reached is answered like any other database failure.
     */
    @Bean
    FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ITemplateEngine templates,
                                                                                ServiceProperties service) {
        var registration = new FilterRegistrationBean<>(new DatabaseUnavailableFilter(templates, service.serviceName()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
