package uk.saferschools.oversight.publication;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Public pages and the open data API say when they last changed and carry an ETag, so that a client or
 * cache can ask "has it changed?" and get a 304: by {@code If-None-Match} (the ETag of the content) or by
 * {@code If-Modified-Since} (the {@code Last-Modified} time, answered before the page is even made).
 */
@Configuration
class PublicCaching {

    static final String[] PUBLIC_ANSWERS = {"/api/v1/*", "/data", "/publications", "/publications/*", "/recommendations",
            "/recommendations/*", "/meetings", "/meetings/*", "/members", "/terms-of-reference", "/schedule", "/documents",
            "/questions", "/about", "/scrutiny"};

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> publicEtags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
        registration.addUrlPatterns(PUBLIC_ANSWERS);
        registration.setName("publicEtags");
        return registration;
    }

    /** Before the ETags, so that an answer by date needs neither the page nor its hash. */
    @Bean
    FilterRegistrationBean<LastModified> publicLastModified(PublishedContentCache published) {
        FilterRegistrationBean<LastModified> registration = new FilterRegistrationBean<>(new LastModified(published, Clock.systemUTC()));
        registration.addUrlPatterns(PUBLIC_ANSWERS);
        registration.setName("publicLastModified");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }

    /**
     * {@code Last-Modified} is the later of the latest change to public content (the newest audit trail
     * entry of {@link PublishedContentCache#PUBLIC_CHANGES}: a sign-in or a draft does not move it, so its
     * time is not given away) and the start of today in London (overdue flags and the like change at
     * midnight), to the second, as HTTP dates are. Within the second of a change it is left out: a second change in
     * that same second would carry the same time, so the time could not tell the two apart. A request
     * with {@code If-None-Match} is left to the ETag, which takes precedence.
     */
    static final class LastModified extends OncePerRequestFilter {

        private final PublishedContentCache published;
        private final Clock clock;

        LastModified(PublishedContentCache published, Clock clock) {
            this.published = published;
            this.clock = clock;
        }

        /** When public content last changed, to the second; empty while it may still be changing within this second. */
        Optional<Instant> lastModified(HttpServletRequest request) {
            Instant now = clock.instant();
            Instant changed = published.now(request).changedAt().truncatedTo(ChronoUnit.SECONDS);
            return changed.isBefore(now.truncatedTo(ChronoUnit.SECONDS)) ? Optional.of(changed) : Optional.empty();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            Optional<Instant> lastModified = lastModified(request);
            if (lastModified.isPresent()) {
                long millis = lastModified.get().toEpochMilli();
                if (request.getHeader(HttpHeaders.IF_NONE_MATCH) == null && ifModifiedSince(request) >= millis) {
                    response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                    response.setDateHeader(HttpHeaders.LAST_MODIFIED, millis);
                    return;
                }
                response.setDateHeader(HttpHeaders.LAST_MODIFIED, millis);
            }
            chain.doFilter(request, response);
        }

        /** The client's If-Modified-Since in milliseconds, or -1 when absent or not a date. */
        static long ifModifiedSince(HttpServletRequest request) {
            try {
                return request.getDateHeader(HttpHeaders.IF_MODIFIED_SINCE);
            } catch (IllegalArgumentException e) {
                return -1;
            }
        }
    }
}
