package uk.saferschools.oversight.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the signed-in account's standing on each of its requests. A session whose account has since been
 * disabled, or whose roles are no longer the account's, is ended there and then. And someone signed in
 * with a password issued to them (a new account, an administrator's reset, the
 * printed first-start password) is sent to the change-password page from every page until they have
 * chosen their own (security review finding 18). Signing out and the files pages need stay open. The flag
 * is read from the account on each request of a signed-in person, so it holds on every node.
 */
class AccountStandingFilter extends OncePerRequestFilter {

    static final String CHANGE_PASSWORD = "/account/password";

    private static final List<String> OPEN_PATHS = List.of(CHANGE_PASSWORD, "/sign-out", "/error", "/favicon.ico",
            "/favicon.svg");
    private static final List<String> OPEN_PREFIXES = List.of("/govuk/", "/css/", "/js/", "/images/");

    private final Accounts accounts;

    AccountStandingFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean asset = OPEN_PREFIXES.stream().anyMatch(path::startsWith) || path.startsWith("/favicon.");
        if (authentication != null && authentication.isAuthenticated() && !asset
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            Accounts.Standing standing = accounts.standing(authentication.getName());
            Set<String> held = authentication.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_"))
                    .collect(Collectors.toSet());
            if (!standing.enabled() || !standing.authorities().equals(held)) {
                // The account was disabled, or its roles changed, since this session signed in. Its sessions are
                // ended when that happens; this closes the moment in which a sign-in racing the change could
                // have kept a session with the account as it was (security review finding 1).
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                response.sendRedirect(request.getContextPath() + "/sign-in");
                return;
            }
            if (standing.passwordMustChange() && !open(path)) {
                response.sendRedirect(request.getContextPath() + CHANGE_PASSWORD);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean open(String path) {
        return OPEN_PATHS.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
    }
}
