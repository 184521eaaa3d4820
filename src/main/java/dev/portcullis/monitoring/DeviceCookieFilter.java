package dev.portcullis.monitoring;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every browser that reaches the sign-in pages a device cookie, before Spring Security's
 * filters run, so the password step can record which device it came from.
 */
class DeviceCookieFilter extends OncePerRequestFilter {

    private final DeviceCookies cookies;

    DeviceCookieFilter(DeviceCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/signin") || path.startsWith("/signin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        cookies.ensure(request, response);
        chain.doFilter(request, response);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<DeviceCookieFilter> deviceCookieFilter(DeviceCookies cookies) {
            var registration = new FilterRegistrationBean<>(new DeviceCookieFilter(cookies));
            registration.setOrder(-200); // before Spring Security's filter chain (-100)
            registration.addUrlPatterns("/*");
            return registration;
        }
    }
}
