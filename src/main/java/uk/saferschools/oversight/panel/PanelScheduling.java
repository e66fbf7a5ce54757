package uk.saferschools.oversight.panel;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the daily digest ({@link InboxDigest}). */
@Configuration
@EnableScheduling
class PanelScheduling {
}
