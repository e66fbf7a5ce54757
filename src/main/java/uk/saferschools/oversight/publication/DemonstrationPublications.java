package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.YearMonth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.analysis.Settings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.web.LondonTime;
import uk.saferschools.oversight.records.DemonstrationRecordsSeeded;

/**
 * With the demonstration data: an analysis of children over the demonstration records of the second quarter of
 * 2022 (a fixed reporting period: {@link ReportingPeriods}), published by
 * the secretariat, and a publication schedule with an item published late and two to come; all marked
 * as demonstration. Seeded on hearing {@link DemonstrationRecordsSeeded}, once the records it analyses are there.
 */
@Component
@ConditionalOnWebApplication
class DemonstrationPublications {

    private static final Logger log = LoggerFactory.getLogger(DemonstrationPublications.class);
    private static final Actor ANALYST = new Actor("demo-analyst", "ANALYST");
    private static final Actor SECRETARIAT = new Actor("demo-secretariat", "SECRETARIAT");

    private final AnalysisSnapshots snapshots;
    private final Publications publications;
    private final JdbcClient jdbc;

    DemonstrationPublications(AnalysisSnapshots snapshots, Publications publications, JdbcClient jdbc) {
        this.snapshots = snapshots;
        this.publications = publications;
        this.jdbc = jdbc;
    }

    @EventListener
    void seed(DemonstrationRecordsSeeded seeded) {
        if (jdbc.sql("select exists (select 1 from publication_schedule)").query(Boolean.class).single()
                || !jdbc.sql("select exists (select 1 from import_batch where demonstration)").query(Boolean.class).single()) {
            return;
        }
        LocalDate today = LocalDate.now(LondonTime.LONDON);
        long first = publications.schedule("Children stopped and searched, by ethnic group: first figures",
                "Rates and rate ratios for children in London, from the police.uk records", today.minusDays(10), SECRETARIAT);
        publications.schedule("Children stopped and searched: quarterly update", "The same figures for the next quarter",
                today.plusMonths(2), SECRETARIAT);
        publications.schedule("Body-worn video scrutiny: first findings", "What the panel's reviews of encounters found",
                today.plusMonths(4), SECRETARIAT);
        long snapshot = snapshots.run("Children stopped and searched in London (demonstration)",
                new Settings(true, "self", true, EthnicGroup.WHITE, null, YearMonth.of(2022, 4), YearMonth.of(2022, 6)), ANALYST);
        publications.publish(snapshot, "Children stopped and searched, by ethnic group (demonstration)",
                "Black children were stopped and searched at about twice the rate of White children in these months. "
                        + "These are demonstration figures for April to June 2022 (real police.uk records of April and May; none are held for June), against the Census 2021 "
                        + "population of children aged 10 to 17 who live in London: compare groups, not levels. The figures from "
                        + "the extended records (strip searches, Safer Schools Officers, body-worn video) are synthetic.",
                first, SECRETARIAT);
        jdbc.sql("update publication_schedule set demonstration = true").update();
        log.info("Demonstration data: a published analysis of children and a publication schedule");
    }
}
