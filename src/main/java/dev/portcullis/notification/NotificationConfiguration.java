package dev.portcullis.notification;

import java.nio.charset.StandardCharsets;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Lets the application's Thymeleaf engine render the plain-text part of emails: templates named
 * {@code messages/email-*.txt}, in TEXT mode. Only those names match, so pages and other
 * messages keep Spring Boot's own resolver (which also renders the HTML part, in HTML mode).
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    SpringResourceTemplateResolver emailTextTemplateResolver(ApplicationContext context) {
        SpringResourceTemplateResolver resolver = new SpringResourceTemplateResolver();
        resolver.setApplicationContext(context);
        resolver.setPrefix("classpath:/templates/");
        resolver.setSuffix("");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setResolvablePatterns(java.util.Set.of(EmailTemplates.PREFIX + "*.txt"));
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(1);
        return resolver;
    }
}
