package uk.saferschools.oversight.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A role is held only by its whole name: the one check the services use, never a part of a joined string. */
class CheckingARoleByItsWholeNameTest {

    @Test
    void a_role_is_held_only_when_one_of_the_actors_roles_is_exactly_that_name() {
        Actor chairAndSecretariat = new Actor("someone", "CHAIR,SECRETARIAT");
        assertThat(chairAndSecretariat.holds("CHAIR")).isTrue();
        assertThat(chairAndSecretariat.holds("SECRETARIAT")).isTrue();
        assertThat(chairAndSecretariat.holds("ANALYST")).isFalse();
        assertThat(chairAndSecretariat.holds("SECRET")).as("a part of a name is not the role").isFalse();
        assertThat(new Actor("someone", "NOT_SECRETARIAT").holds("SECRETARIAT")).isFalse();
        assertThat(chairAndSecretariat.holds("CHAIR,SECRETARIAT")).as("the joined string is not a role").isFalse();
        assertThat(Actor.ANONYMOUS.holds("SECRETARIAT")).isFalse();
    }
}
