package uk.saferschools.oversight.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether this installation loads demonstration data on its first start: {@code true}, {@code false},
 * or {@code auto} (the default: only on the embedded database). One answer for the demonstration
 * accounts, records, panel and publications alike.
 */
@Component
class DemonstrationData {

    private final boolean wanted;

    DemonstrationData(IdentityProperties properties, @Value("${oversight.database.url:}") String databaseUrl) {
        this.wanted = switch (properties.demonstrationData().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> databaseUrl == null || databaseUrl.isBlank();
        };
    }

    public boolean wanted() {
        return wanted;
    }
}
