package uk.saferschools.oversight;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The jar's entry point. {@code import} and {@code audit verify}, where a server runs on the same data, are handed to
 * it (ADR 0023) from here, before anything else is loaded; every other command, and these with no server listening,
 * go to {@link Oversight}. Apart from it because making ready to run {@link Oversight} itself (verifying its code
 * loads picocli's classes, which the JVM finds by opening the libraries' jars one by one) is 0.13 s, half of what
 * asking a server costs.
 */
public final class OversightMain {

    private OversightMain() {
    }

    public static void main(String[] args) {
        if (CommandHandover.mayBeHandedOver(args)) {
            Optional<Integer> status = CommandHandover.handOver(CommandHandover.dataDirectory(),
                    Path.of("").toAbsolutePath(), List.of(args), System.out, System.err);
            if (status.isPresent()) {
                System.exit(status.get());
            }
        }
        Oversight.main(args);
    }
}
