package uk.saferschools.oversight;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

/**
 * The Spring application. Started by {@link Oversight} for {@code serve} (with the web server) and
 * for the other commands (without it).
 */
@SpringBootApplication
@Modulithic(systemName = "Safer Schools Oversight")
public class OversightApplication {
}
