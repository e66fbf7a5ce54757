package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.identity.Role;

/**
 * A test of {@link TryingEveryRouteAsEveryRoleTest}'s check: a mapping the table has no rule for is
 * reported by name, a rule for a mapping that is gone too, and the table says who may use a route the
 * way the role hierarchy does (a chair has what a panel member has).
 */
class CheckingTheRouteTableTest {

    static final RoutesByRole SMALL = RoutesByRole.parse(List.of(
            "# method,pattern,may use,example,success",
            "GET,/,PUBLIC,/,200",
            "GET,/panel/meetings,PANEL_MEMBER SECRETARIAT,/panel/meetings,200",
            "POST,/audit/verification,AUDITOR,/audit/verification,200"));

    @Test
    void a_mapping_added_without_a_rule_is_reported_by_name() {
        Set<String> routes = Set.of("GET /", "GET /panel/meetings", "POST /audit/verification", "POST /panel/secret-new-form");
        assertThat(SMALL.withoutRule(routes)).containsExactly("POST /panel/secret-new-form");
        assertThat(SMALL.withoutRoute(routes)).isEmpty();
    }

    @Test
    void a_rule_for_a_mapping_that_is_gone_is_reported_by_name() {
        assertThat(SMALL.withoutRoute(Set.of("GET /", "GET /panel/meetings"))).containsExactly("POST /audit/verification");
    }

    @Test
    void the_real_table_is_missing_a_rule_as_soon_as_the_application_has_one_mapping_more() {
        RoutesByRole table = RoutesByRole.read("/routes-by-role.csv");
        var routes = new java.util.TreeSet<>(table.rules().keySet());
        routes.add("GET /panel/everything-about-children");
        assertThat(table.withoutRule(routes)).containsExactly("GET /panel/everything-about-children");
    }

    @Test
    void who_may_use_a_route_follows_the_role_hierarchy() {
        var meetings = SMALL.rules().get("GET /panel/meetings");
        assertThat(meetings.allows(Set.of(Role.CHAIR, Role.PANEL_MEMBER))).isTrue();
        assertThat(meetings.allows(Set.of(Role.POLICE_LIAISON))).isFalse();
        assertThat(SMALL.rules().get("GET /").allows(Set.of())).isTrue();
    }

    @Test
    void a_table_with_an_unknown_role_or_two_rules_for_one_route_is_refused() {
        assertThatThrownBy(() -> RoutesByRole.parse(List.of("GET,/x,SUPERUSER,/x,200")))
                .hasMessageContaining("Unknown role");
        assertThatThrownBy(() -> RoutesByRole.parse(List.of("GET,/x,AUDITOR,/x,200", "GET,/x,ANALYST,/x,200")))
                .hasMessageContaining("Two rules for GET /x");
    }
}
