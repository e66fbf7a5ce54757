package uk.saferschools.oversight.audit;

import java.util.function.Supplier;
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

    /** The operating-system user a running server is doing a command for (handed over, ADR 0023), on this thread. */
    private static final ThreadLocal<String> COMMAND_LINE_USER = new ThreadLocal<>();

    /**
     * Who runs a command ({@code ./oversight import}): the operating-system user, in the role {@code COMMAND_LINE};
     * on a server doing a command handed over to it, the user the kernel says is at the other end of the socket.
     */
    public static Actor atTheCommandLine() {
        String handedOverBy = COMMAND_LINE_USER.get();
        return new Actor(handedOverBy != null ? handedOverBy : System.getProperty("user.name", "command-line"), "COMMAND_LINE");
    }

    /** Does {@code work} on this thread for {@code user}, whom {@link #atTheCommandLine()} then names. */
    public static <T> T atTheCommandLineAs(String user, Supplier<T> work) {
        COMMAND_LINE_USER.set(user);
        try {
            return work.get();
        } finally {
            COMMAND_LINE_USER.remove();
        }
    }

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
