package uk.saferschools.oversight;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules of DESIGN.md section 6 keep to their public faces: this fails when one module uses
 * another's internals (anything not in its base package, or a type it does not expose) or when
 * dependencies form a cycle.
 */
class ModularityTest {

    static final ApplicationModules modules = ApplicationModules.of(OversightApplication.class);

    @Test
    void modules_only_use_each_others_public_api_and_have_no_cycles() {
        modules.verify();
    }
}
