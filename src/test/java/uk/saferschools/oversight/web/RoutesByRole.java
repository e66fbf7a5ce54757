package uk.saferschools.oversight.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import uk.saferschools.oversight.identity.Role;

/**
 * The role table of {@code src/test/resources/routes-by-role.csv}: for every route the application
 * answers (a method and a path pattern), who may use it, a request that uses it for real, and the status
 * that request gets from someone who may. Everyone else is refused: anonymous visitors are sent to
 * sign in, signed-in people without the role get 403.
 */
record RoutesByRole(Map<String, Rule> rules) {

    /** Anyone, signed in or not. */
    static final String PUBLIC = "PUBLIC";
    /** Anyone signed in, whatever their role. */
    static final String SIGNED_IN = "SIGNED_IN";

    /**
     * One line of the table.
     *
     * @param route   method and pattern as the application names them, e.g. {@code GET /panel/meetings/{id}}
     * @param mayUse  {@link #PUBLIC}, {@link #SIGNED_IN}, or the roles (a chair has what a panel member has)
     * @param example the request to send: a path with {@code {placeholders}} for real values, then any
     *                parameters as a query string (sent as form fields with a POST)
     * @param success the status that request gets from someone who may use the route
     */
    record Rule(String route, Set<String> mayUse, String example, int success) {

        String method() {
            return route.substring(0, route.indexOf(' '));
        }

        boolean isPublic() {
            return mayUse.contains(PUBLIC);
        }

        /** Whether someone with {@code roles} (already including what their roles imply) may use the route. */
        boolean allows(Set<Role> roles) {
            return isPublic() || mayUse.contains(SIGNED_IN) || roles.stream().anyMatch(r -> mayUse.contains(r.name()));
        }
    }

    static RoutesByRole read(String resource) {
        try (InputStream in = RoutesByRole.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No role table at " + resource);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RoutesByRole parse(List<String> lines) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        Set<String> known = new TreeSet<>(Arrays.stream(Role.values()).map(Role::name).toList());
        known.add(SIGNED_IN);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 5) {
                throw new IllegalArgumentException("Not five cells (method,pattern,may use,example,success): " + line);
            }
            String route = cells[0].strip() + " " + cells[1].strip();
            Set<String> mayUse = new LinkedHashSet<>(Arrays.asList(cells[2].strip().split(" +")));
            if (!known.containsAll(mayUse)) {
                throw new IllegalArgumentException("Unknown role in: " + line);
            }
            if (rules.put(route, new Rule(route, mayUse, cells[3].strip(), Integer.parseInt(cells[4].strip()))) != null) {
                throw new IllegalArgumentException("Two rules for " + route);
            }
        }
        return new RoutesByRole(rules);
    }

    /** The routes with no rule, by name: each must be added to the table before the suite passes. */
    List<String> withoutRule(Collection<String> routes) {
        return routes.stream().filter(r -> !rules.containsKey(r)).sorted().toList();
    }

    /** The rules for routes the application no longer has. */
    List<String> withoutRoute(Collection<String> routes) {
        return rules.keySet().stream().filter(r -> !routes.contains(r)).sorted().toList();
    }

    /**
     * Every route the running application answers, as {@code METHOD pattern}: each request mapping of
     * every handler mapping (the controllers, Spring Boot's error page and the actuator's endpoints), and
     * the patterns static files are served from. A mapping for any method is named {@code ANY}.
     */
    static Set<String> of(ApplicationContext context) {
        Set<String> routes = new TreeSet<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("ANY")
                            : info.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
                    for (String method : methods) {
                        for (String pattern : info.getPatternValues()) {
                            routes.add(method + " " + pattern);
                        }
                    }
                }));
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMap().keySet().forEach(pattern -> routes.add("GET " + pattern)));
        return routes;
    }

    static List<String> sorted(Collection<String> routes) {
        return new ArrayList<>(new TreeSet<>(routes));
    }
}
