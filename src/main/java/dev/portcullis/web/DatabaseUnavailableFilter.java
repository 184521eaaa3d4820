package dev.portcullis.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * When the database cannot be reached (lost, cut off, too slow for the pool), the person gets
 * the service's "Sorry, there is a problem with the service" page with status 503, never a
 * stack trace or a sign-in that skipped a check (FLT-02: what cannot be read is refused).
 *
 * <p>Sits outside Spring Session's filter, so it also catches the session store failing to load
 * or save a session. It renders the page itself rather than through the error dispatch: that
 * dispatch runs Spring Session and Spring Security again, which would look up or create a
 * session in the database that is not there. The page shows nobody as signed in and sets no
 * cookie, so the browser keeps its session and, once the database is back, the person carries on
 * where they were, without a restart of anything.
 */
class DatabaseUnavailableFilter extends HttpFilter {

    static final String VIEW = "error/5xx";

    private static final Logger logger = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final ITemplateEngine templates;
    private final String serviceName;

    DatabaseUnavailableFilter(ITemplateEngine templates, String serviceName) {
        this.templates = templates;
        this.serviceName = serviceName;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!databaseUnavailable(e) || response.isCommitted()) {
                throw e;
            }
            // The reason for the operator, in one line; the person sees only the service page. Not the
            // path: some carry a secret (a reset link's token).
            logger.warn("Database unavailable: a {} request answered 503 ({})", request.getMethod(), rootCause(e));
            serviceUnavailable(request, response);
        }
    }

    private void serviceUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        securityHeaders(response);
        response.setHeader("Retry-After", "30");
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.contains("text/html") && accept.contains("json")) {
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":503,\"error\":\"Service Unavailable\"}");
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        try {
            var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                    .buildExchange(request, response);
            templates.process(VIEW, new WebContext(exchange, Locale.UK, Map.of("serviceName", this.serviceName)), writer);
        } catch (RuntimeException e) {
            // The page itself failed: still say what happened, plainly.
            logger.warn("The service page could not be rendered: {}", e.toString());
            writer.write("<!DOCTYPE html><html lang=\"en-GB\"><head><title>Sorry, there is a problem with the service</title>"
                    + "</head><body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>");
        }
    }

    /** Failures that mean "the database is not there or not answering", not a bug in a query. */
    static boolean databaseUnavailable(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            // SQL state class 08: connection exception (SQL standard; PostgreSQL's I/O errors).
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable thrown) {
        Throwable root = thrown;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).replaceAll("[\\r\\n]+", " ");
        return root.getClass().getName() + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    /** The headers Spring Security gives every page; its filters have ended when this page is written. */
    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
    }
}
