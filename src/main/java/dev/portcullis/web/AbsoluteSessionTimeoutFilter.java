package dev.portcullis.web;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session that has lived longer than the absolute limit (12 hours by default), however
 * active it is (SES-02). The idle limit is the session store's own timeout. Runs before
 * Spring Security, which then finds no session and asks the person to sign in again.
 */
class AbsoluteSessionTimeoutFilter extends OncePerRequestFilter {

    private final Clock clock;
    private final long absoluteMillis;

    AbsoluteSessionTimeoutFilter(Clock clock, long absoluteMillis) {
        this.clock = clock;
        this.absoluteMillis = absoluteMillis;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && clock.millis() - session.getCreationTime() > absoluteMillis) {
            session.invalidate();
        }
        chain.doFilter(request, response);
    }
}
