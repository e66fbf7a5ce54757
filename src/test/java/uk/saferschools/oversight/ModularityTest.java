package uk.saferschools.oversight;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules of DESIGN.md section 6 keep to their public faces: this fails when one module uses
 * another's internals (anything not in its base package, or a type it does not expose) or when
 * dependencies form a cycle.
 */
class ModularityTest {

    static final ApplicationModules modules = ApplicationModules.of(OversightApplication.class,
            mainClassesOnly());

    /** Test classes are not part of the modules; matched by folder so that any build directory works. */
    static ImportOption mainClassesOnly() {
        return location -> !location.contains("/test-classes/");
    }

    @Test
    void modules_only_use_each_others_public_api_and_have_no_cycles() {
        verify(modules);
    }

    /** The check itself, shared with {@link CheckingTheModularityTestTest}, which shows that it can fail. */
    static void verify(ApplicationModules modules) {
        modules.verify();
    }
}
