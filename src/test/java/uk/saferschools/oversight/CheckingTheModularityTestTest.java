package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import uk.saferschools.fixture.modularity.leaky.LeakyApplication;
import uk.saferschools.fixture.modularity.tidy.TidyApplication;

/**
 * A test of {@link ModularityTest}: the check it makes refuses one module using another's internals,
 * and passes the same modules when they go through the public face. The fixtures are two tiny
 * applications under {@code uk.saferschools.fixture.modularity}, outside the product's packages.
 */
class CheckingTheModularityTestTest {

    /** The fixtures live with the tests, which Modulith leaves out by default. */
    static ApplicationModules fixture(Class<?> root) {
        return ApplicationModules.of(root, location -> location.contains("/test-classes/"));
    }

    @Test
    void a_module_using_another_modules_internal_type_is_refused() {
        assertThatThrownBy(() -> ModularityTest.verify(fixture(LeakyApplication.class)))
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Publisher")
                .hasMessageContaining("Tally")
                .hasMessageContaining("non-exposed type");
    }

    @Test
    void the_same_modules_through_the_public_face_pass() {
        assertThatCode(() -> ModularityTest.verify(fixture(TidyApplication.class)))
                .doesNotThrowAnyException();
    }
}
