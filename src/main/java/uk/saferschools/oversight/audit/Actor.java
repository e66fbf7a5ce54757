package uk.saferschools.oversight.audit;

import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who did something, and in which roles.
 *
 * @param name  the account's username, or {@code system} / {@code anonymous}
 * @param roles the roles held at the time, comma-separated, without Spring's {@code ROLE_} prefix
 */
public record Actor(String name, String roles) {

    public static final Actor SYSTEM = new Actor("system", "SYSTEM");
    public static final Actor ANONYMOUS = new Actor("anonymous", "PUBLIC");

    /**
     * Whether the actor held {@code role} (a role's name, such as {@code SECRETARIAT}) at the time: the
     * one way the services check a role, matching whole names, never a part of one.
     */
    public boolean holds(String role) {
        for (String held : roles.split(",")) {
            if (held.trim().equals(role)) {
                return true;
            }
        }
        return false;
    }

    /** The signed-in user of this thread, or {@link #ANONYMOUS}. */
    public static Actor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return ANONYMOUS;
        }
        return of(authentication);
    }

    public static Actor of(Authentication authentication) {
        String roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .sorted()
                .collect(Collectors.joining(","));
        return new Actor(authentication.getName(), roles);
    }
}
