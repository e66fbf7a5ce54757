package uk.saferschools.oversight.scrutiny;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.records.DemonstrationRecordsSeeded;
import uk.saferschools.oversight.records.Encounters;

/**
 * With the demonstration data (issue 15, item 7): two review sessions over the synthetic extended records, one of
 * a random sample and one of a sample targeted at the officer teams rated amber or red in the first; members'
 * scores that disagree before the chair's consensus; action points in every status; and the findings of the second quarter of 2022 published.
 * (The synthetic records name no officer team, so the targeted sample is of encounters with a Safer Schools
 * Officer.) Every sample and session is marked as demonstration, and the findings as synthetic (they are of made-up
 * records). Seeded on hearing {@link DemonstrationRecordsSeeded}, once the records are there.
 */
@Component
@ConditionalOnWebApplication
class DemonstrationScrutiny {

    private static final Logger log = LoggerFactory.getLogger(DemonstrationScrutiny.class);
    static final Actor CHAIR = new Actor("demo-chair", "CHAIR,PANEL_MEMBER");
    static final Actor MEMBER = new Actor("demo-member", "PANEL_MEMBER");
    static final Actor SECRETARIAT = new Actor("demo-secretariat", "SECRETARIAT");

    private final Samples samples;
    private final ReviewSessions sessions;
    private final ReviewFindings findings;
    private final JdbcClient jdbc;
    private final ActionPoints actionPoints;
    private final PublicWords words;
    static final Actor LIAISON = new Actor("demo-liaison", "POLICE_LIAISON");

    DemonstrationScrutiny(Samples samples, ReviewSessions sessions, ReviewFindings findings, JdbcClient jdbc, ActionPoints actionPoints,
                          PublicWords words) {
        this.actionPoints = actionPoints;
        this.words = words;
        this.samples = samples;
        this.sessions = sessions;
        this.findings = findings;
        this.jdbc = jdbc;
    }

    @EventListener
    void seed(DemonstrationRecordsSeeded seeded) {
        if (jdbc.sql("select exists (select 1 from bwv_sample)").query(Boolean.class).single()
                || !jdbc.sql("select exists (select 1 from power_use where synthetic)").query(Boolean.class).single()) {
            return;
        }
        Encounters.Filter spring = new Encounters.Filter(LocalDate.of(2022, 3, 1), LocalDate.of(2022, 5, 31), null, null, null, null, null,
                true, Set.of());
        long random = samples.draw(new Samples.Request("Spring 2022: random sample (demonstration)", Samples.Method.RANDOM, spring, false,
                30, null, 20_220_615L), CHAIR, true);
        long first = sessions.create(random, LocalDate.of(2022, 6, 15), "First review session (demonstration)",
                List.of(CHAIR.name(), MEMBER.name()), SECRETARIAT, true);
        review(first, samples.byId(random, CHAIR), 30);
        long targeted;
        try {
            targeted = samples.draw(new Samples.Request("Spring 2022: teams rated amber or red (demonstration)", Samples.Method.TARGETED,
                    spring, true, 4, null, 20_220_920L), CHAIR, true);
        } catch (IllegalArgumentException noTeamRated) {
            // the synthetic extended records name no officer team, so no team can have been rated: target the
            // encounters with a Safer Schools Officer instead
            targeted = samples.draw(new Samples.Request("Spring 2022: encounters with a Safer Schools Officer (demonstration)",
                    Samples.Method.TARGETED, new Encounters.Filter(spring.from(), spring.to(), null, null, true, null, null, true, Set.of()),
                    false, 4, null, 20_220_920L), CHAIR, true);
        }
        long second = sessions.create(targeted, LocalDate.of(2022, 9, 20), "Second review session (demonstration)",
                List.of(CHAIR.name(), MEMBER.name()), SECRETARIAT, true);
        // the second session is under way: two encounters agreed, one scored by the chair alone, one not yet scored
        Samples.Sample sample = samples.byId(targeted, CHAIR);
        review(second, sample, Math.min(2, sample.identities().size()));
        if (sample.identities().size() > 2) {
            Encounters.Encounter e = sample.at(3);
            sessions.submit(second, 3, answers(e, 3, CHAIR), rating(e, 3, CHAIR), "Grounds were given, but the officer did not say "
                    + "the person was detained for the search.", "", "", CHAIR);
        }
        // action points in every status: one with no response yet, one answered, one the police suggest closing, one closed
        actionPoints.raise(first, null, "Confirm that every Safer Schools Officer's camera is switched on before an encounter "
                + "with a pupil begins, and say how this is checked.", CHAIR, true);
        long answered = actionPoints.raise(first, 3, "Remind officers to tell a young person that they are detained for the "
                + "purpose of a search.", CHAIR, true);
        actionPoints.answer(answered, "The reminder is in this month's briefing for all Safer Schools Officers; a refresher on "
                + "GOWISELY follows in the autumn term.", false, LIAISON);
        long suggested = actionPoints.raise(first, null, "Explain why footage was not available for the encounters rated red "
                + "for that reason.", SECRETARIAT, true);
        actionPoints.answer(suggested, "Two cameras had failed and were replaced; footage is now checked at the end of each shift.",
                true, LIAISON);
        long closed = actionPoints.raise(first, 1, "Share the guidance on handcuffing children with the panel.", CHAIR, true);
        actionPoints.answer(closed, "The guidance is attached to the panel's papers for the next meeting.", true, LIAISON);
        actionPoints.close(closed, "The panel has the guidance; no further action.", CHAIR);
        if (findings.publishable().contains("2022-Q2")) {
            findings.publish("2022-Q2", SECRETARIAT);
            // the learning points and good practice the check finds nothing in are approved; rationales wait for the secretariat
            for (PublicWords.Candidate c : words.waiting(SECRETARIAT)) {
                if (!c.field().equals("rationale") && c.findings().isEmpty()) {
                    words.decide(c.sessionId(), c.position(), c.field(), true, Map.of(), SECRETARIAT);
                }
            }
        }
        log.info("Demonstration data: two body-worn video review sessions and the findings of 2022-Q2");
    }

    /** The first {@code n} encounters of a session scored by both members, who disagree on some, then agreed by the chair. */
    private void review(long session, Samples.Sample sample, int n) {
        for (int p = 1; p <= n; p++) {
            Encounters.Encounter e = sample.at(p);
            if (e == null) {
                continue;
            }
            for (Actor a : List.of(MEMBER, CHAIR)) {
                sessions.submit(session, p, answers(e, p, a), rating(e, p, a), rationale(e, p, a), p % 3 == 0
                        ? "Explain the grounds before starting the search." : "", p % 4 == 1 ? "Calm, clear explanation of the grounds." : "", a);
            }
            sessions.agree(session, p, answers(e, p, CHAIR), rating(e, p, CHAIR), "Agreed after discussion: " + rationale(e, p, CHAIR),
                    p % 3 == 0 ? "Explain the grounds before starting the search." : "", "", CHAIR);
        }
    }

    private static boolean footage(Encounters.Encounter e) {
        return Boolean.TRUE.equals(e.footageRecorded());
    }

    /** Answers that follow the record (no footage where none was recorded) and differ between the members now and then. */
    static Map<String, String> answers(Encounters.Encounter e, int position, Actor by) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("footage_available", footage(e) ? "yes" : "no");
        if (!footage(e)) {
            return a;
        }
        boolean strict = by == MEMBER;
        a.put("footage_complete", position % 5 == 0 ? "partly" : "yes");
        a.put("switched_on_before_encounter", position % 4 == 0 ? "no" : "yes");
        for (String g : ReviewForm.GOWISELY) {
            a.put(g, g.equals("warrant_card") ? "not_applicable" : "yes");
        }
        if (position % 3 == 0) {
            a.put("you_are_detained", strict ? "no" : "partly");
        }
        if (position % 2 == 0) {
            a.put("entitlement_to_record", "partly");
        }
        a.put("grounds_objectively_reasonable", position % 3 == 0 ? "partly" : "yes");
        a.put("age_established_early", "yes");
        a.put("appropriate_adult_present_where_required", Boolean.TRUE.equals(e.appropriateAdultPresent()) ? "yes"
                : Boolean.FALSE.equals(e.appropriateAdultPresent()) ? "no" : "not_applicable");
        a.put("sso_involved", Boolean.TRUE.equals(e.ssoInvolved()) ? "yes" : "no");
        boolean cuffed = "HANDCUFFING".equals(e.power());
        a.put("handcuffs_used", cuffed ? "yes" : "no");
        if (cuffed) {
            a.put("handcuffs_when", "before_search");
            a.put("force_justified", strict ? "no" : "partly");
        }
        a.put("communication", position % 3 == 0 ? "adequate" : "good");
        return a;
    }

    static ReviewForm.Rating rating(Encounters.Encounter e, int position, Actor by) {
        if (!footage(e)) {
            return ReviewForm.Rating.RED;
        }
        if (position % 3 == 0 || "HANDCUFFING".equals(e.power())) {
            return by == MEMBER && position % 2 == 1 ? ReviewForm.Rating.RED : ReviewForm.Rating.AMBER;
        }
        return by == MEMBER && position % 4 == 2 ? ReviewForm.Rating.AMBER : ReviewForm.Rating.GREEN;
    }

    static String rationale(Encounters.Encounter e, int position, Actor by) {
        if (!footage(e)) {
            return "No footage was available for this encounter, so it is rated red.";
        }
        if ("HANDCUFFING".equals(e.power())) {
            return "Handcuffs were applied before the search without a clear reason being given.";
        }
        return position % 3 == 0 ? "Grounds were explained, but the young person was not told they were detained for the search."
                : "The officer gave the grounds and the object of the search clearly and stayed calm throughout.";
    }
}
