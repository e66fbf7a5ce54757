package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/**
 * The auto-configurations a command on the database leaves out ({@link Oversight#NOT_FOR_COMMANDS}) are named as
 * strings, and Spring Boot ignores an exclusion it cannot find: after a Boot upgrade that moves or renames one, the
 * command would quietly make its beans again and lose the start-up time (issue 17). Each name must still be a class
 * on the classpath; Spring Boot itself refuses, at start, a class that is there but is not an auto-configuration.
 */
class LeavingOutWhatCommandsDoNotUseTest {

    @Test
    void every_auto_configuration_a_command_leaves_out_still_exists_under_that_name() {
        List<String> missing = Oversight.NOT_FOR_COMMANDS.stream()
                .filter(name -> !ClassUtils.isPresent(name, getClass().getClassLoader())).toList();
        assertThat(missing).as("names in Oversight.NOT_FOR_COMMANDS that are no longer classes").isEmpty();
        assertThat(Oversight.NOT_FOR_COMMANDS).hasSizeGreaterThan(20).doesNotHaveDuplicates();
    }
}
