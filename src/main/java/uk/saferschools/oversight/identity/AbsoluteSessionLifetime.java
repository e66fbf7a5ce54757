package uk.saferschools.oversight.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session older than the absolute lifetime ({@code oversight.identity.session.absolute-lifetime},
 * 12 hours unless set) whatever its idle time, before Spring Security reads it: the request goes on as an
 * anonymous one, so a closed page sends its visitor to sign in again. {@code spring.session.timeout} only
 * limits idle time, so without this a session kept busy would last for ever (security review finding 1).
 * Runs inside the security filter chain, after Spring Session's filter, so it sees the JDBC session.
 */
class AbsoluteSessionLifetime extends OncePerRequestFilter {

    private final Duration lifetime;

    AbsoluteSessionLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && Instant.ofEpochMilli(session.getCreationTime()).plus(lifetime).isBefore(Instant.now())) {
            session.invalidate();
        }
        chain.doFilter(request, response);
    }
}
