package uk.saferschools.oversight;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * Defence in depth: besides the address rules in SecurityConfiguration, every controller says in
 * code which role may use it, so a new page cannot be left open by forgetting a rule.
 */
class EveryPageDeclaresWhoMaySeeItTest {

    static final JavaClasses mainClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("uk.saferschools.oversight");

    @Test
    void every_controller_states_its_role_with_pre_authorize() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().beAnnotatedWith(PreAuthorize.class)
                .because("every page must say who may see it (DESIGN.md section 7: least privilege per role)")
                .check(mainClasses);
    }
}
