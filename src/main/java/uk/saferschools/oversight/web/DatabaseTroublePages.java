package uk.saferschools.oversight.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.View;
import org.thymeleaf.context.ILazyContextVariable;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request that failed because the database could not be reached (it is restarting, say) or a
 * disk is full ({@link DatabaseTrouble}) with a plain page in the site's layout, or a problem document
 * for the API, instead of an error of the service: 503 with {@code Retry-After} while the database cannot
 * be reached, 507 when a disk is full. Such a failure can happen anywhere, in Spring Session's filter (the
 * session is in the database) as well as in a controller, so this is the first filter of all, and what
 * it answers needs no database: no session, no one signed in, no demonstration banner. Other failures go
 * on to the error page as before.
 */
@Component
class DatabaseTroublePages extends OncePerRequestFilter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTroublePages.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Seconds a client is told to wait before trying again while the database cannot be reached. */
    static final int RETRY_AFTER_SECONDS = 30;

    static final String UNREACHABLE = "The service cannot reach its database just now. Try again in a minute.";
    static final String UNREACHABLE_WHILE_SAVING = "The service lost its database while it was saving what you sent, "
            + "so it was saved whole or not at all: check, and try again in a minute if it is not there.";
    static final String DISK_FULL = "The server's disk is full, so what you sent was not saved. Try again later, "
            + "or tell the administrator.";

    private final ObjectProvider<ThymeleafViewResolver> views;

    DatabaseTroublePages(ObjectProvider<ThymeleafViewResolver> views) {
        this.views = views;
    }

    /** Before Spring Session's filter ({@code Integer.MIN_VALUE + 50}), which reads the session from the database. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * Also the server's error dispatch (to {@code /error}) of a failure that escaped, for the error page itself
     * reads the database (the session, the demonstration banner).
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable escaped
                && DatabaseTrouble.of(escaped).isPresent() && !response.isCommitted()) {
            DatabaseTrouble trouble = DatabaseTrouble.of(escaped).get();
            answer(request, response, trouble, message(escaped, trouble, request));
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            Optional<DatabaseTrouble> trouble = DatabaseTrouble.of(e);
            if (trouble.isPresent() && response.isCommitted() && request.getAttribute(WrittenInFull.ATTRIBUTE) != null) {
                // The whole answer was written; what failed came after it: Spring Session saving the session once
                // more. The person has their page (or redirect), so it is ended normally rather than cut off.
                log.warn("{} {}: the database failed after the whole answer was written: {}", request.getMethod(),
                        request.getRequestURI(), innermost(e));
                return;
            }
            if (trouble.isEmpty() || response.isCommitted()) {
                if (trouble.isPresent()) {
                    // part of the answer has gone: cut off, so that it cannot be taken for a whole one
                    log.warn("{} {}: the database failed after the answer had begun: {}", request.getMethod(),
                            request.getRequestURI(), innermost(e));
                }
                throw e;
            }
            log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(),
                    trouble.get() == DatabaseTrouble.UNREACHABLE ? "503, the database cannot be reached" : "507, a disk is full",
                    innermost(e));
            answer(request, response, trouble.get(), message(e, trouble.get(), request));
        }
    }

    private static String message(Throwable e, DatabaseTrouble trouble, HttpServletRequest request) {
        if (trouble == DatabaseTrouble.DISK_FULL) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DiskFullException full) {
                    return full.getMessage();
                }
            }
            return DISK_FULL;
        }
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? UNREACHABLE : UNREACHABLE_WHILE_SAVING;
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, DatabaseTrouble trouble, String message)
            throws IOException, ServletException {
        int status = trouble == DatabaseTrouble.UNREACHABLE ? 503 : 507;
        response.reset();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (trouble == DatabaseTrouble.UNREACHABLE) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        ThymeleafViewResolver resolver = views.getIfAvailable();
        if (wantsJson(request) || resolver == null) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", status == 503 ? "Service Unavailable" : "Insufficient Storage");
            problem.put("status", status);
            problem.put("detail", message);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(JSON.writeValueAsString(problem));
            return;
        }
        forgetWhatWouldAskTheDatabase(request);
        try {
            View page = resolver.resolveViewName("error", Locale.UK);
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            page.render(Map.of("status", status, "problem", message), request, response);
        } catch (Exception e) {
            // the page could not be made either: say it in plain text rather than not at all
            log.warn("Could not make the page for {}", request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
                response.getWriter().write(message + "\n");
            }
        }
    }

    /**
     * Thymeleaf keeps a page's variables as request attributes, so a page that failed half-way leaves behind
     * those it had not yet read: a lazy one, such as the demonstration banner's flag, would put its question
     * to the database that has just gone once more when the error page's layout reads it, and that page
     * would fail too. They are dropped before it is made.
     */
    private static void forgetWhatWouldAskTheDatabase(HttpServletRequest request) {
        for (String name : Collections.list(request.getAttributeNames())) {
            if (request.getAttribute(name) instanceof ILazyContextVariable<?>) {
                request.removeAttribute(name);
            }
        }
    }

    /** The API, or a client that asks for JSON and not for a page (a browser always accepts text/html). */
    private static boolean wantsJson(HttpServletRequest request) {
        String uri = request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        String accept = request.getHeader("Accept");
        return path.startsWith("/api/") || path.endsWith("/progress")
                || (accept != null && accept.contains("json") && !accept.contains("text/html"));
    }

    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * Marks a request whose answer was written in full by everything after Spring Session's filter: only that
     * filter's own work (saving the session) remains, which may then fail if the database has just gone.
     */
    @Component
    static class WrittenInFull extends OncePerRequestFilter implements Ordered {

        static final String ATTRIBUTE = WrittenInFull.class.getName();

        /** Just after Spring Session's filter ({@code Integer.MIN_VALUE + 50}). */
        @Override
        public int getOrder() {
            return Integer.MIN_VALUE + 51;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(request, response);
            request.setAttribute(ATTRIBUTE, Boolean.TRUE);
        }
    }
}
