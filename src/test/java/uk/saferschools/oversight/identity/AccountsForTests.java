package uk.saferschools.oversight.identity;

import java.util.EnumSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;

/** Accounts made for a test of another module, through the administrator's own path, once. */
public final class AccountsForTests {

    private AccountsForTests() {
    }

    /** An account of {@code roles} with this name and password, made if it is not there yet. */
    public static void ensure(Object administration, JdbcClient jdbc, String username, String password, Role... roles) {
        if (!jdbc.sql("select exists (select 1 from account where username = ?)").param(username).query(Boolean.class).single()) {
            ((AccountAdministration) administration).create(Actor.SYSTEM, username, username, EnumSet.of(roles[0], roles), password, false);
        }
    }
}
