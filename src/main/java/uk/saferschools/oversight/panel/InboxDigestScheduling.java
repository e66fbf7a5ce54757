package uk.saferschools.oversight.panel;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Switches on the timer that sends the daily digest ({@link InboxDigest}): the only scheduled work of the panel. */
@Configuration
@EnableScheduling
class InboxDigestScheduling {
}
