package uk.saferschools.oversight.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a multipart body from anyone not signed in, before a byte of it is read. Only signed-in
 * people upload (papers, record files); without this, the server would parse an anonymous upload, and
 * spool its parts to disk, as soon as Spring Security's CSRF check looks for its token among the form
 * fields, which happens before any check of who is asking. Runs after Spring Session's filter, which
 * finds the session, and before Spring Security's.
 */
@Component
class AnonymousMultipartRefusal extends OncePerRequestFilter implements Ordered {

    /** Spring Session's filter is at {@code Integer.MIN_VALUE + 50}, Spring Security's at -100. */
    static final int ORDER = -110;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (multipart(request) && !signedIn(request)) {
            // answered here, not by an error page: anything that looked at the form fields would read the body
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setHeader("Connection", "close");
            response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
            response.getWriter().write("Sign in before uploading a file.\n");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean multipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    /** Signed in: the session holds a security context with a real (not anonymous) authentication. */
    static boolean signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        if (!(context instanceof SecurityContext securityContext)) {
            return false;
        }
        Authentication authentication = securityContext.getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
