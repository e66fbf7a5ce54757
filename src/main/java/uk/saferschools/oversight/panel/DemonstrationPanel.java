package uk.saferschools.oversight.panel;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.DemonstrationAccountsReady;
import uk.saferschools.oversight.web.LondonTime;

/**
 * On the first start with demonstration data (as for the records): a believable but made-up panel,
 * every row marked as demonstration: organisations, members with declarations, recommendations in
 * every status (one with its police response overdue), three meetings (minutes published, minutes
 * in draft, and one to come; the first with a paper, for the panel only, for one of its agenda items), and terms of reference in their second draft (consulted on once, not yet
 * approved, as the Freedom of Information answer found them), a review item of each kind, and two
 * requests to speak to staff. Everything goes through the same services as real work, so the audit
 * trail records it, by the demonstration accounts. Seeded on hearing {@link DemonstrationAccountsReady}: it
 * needs the accounts (to link members to them and tell their inboxes), not the records.
 */
@Component
@ConditionalOnWebApplication
class DemonstrationPanel {

    private static final Logger log = LoggerFactory.getLogger(DemonstrationPanel.class);

    static final Actor CHAIR = new Actor("demo-chair", "CHAIR");
    static final Actor MEMBER = new Actor("demo-member", "PANEL_MEMBER");
    static final Actor SECRETARIAT = new Actor("demo-secretariat", "SECRETARIAT");
    static final Actor LIAISON = new Actor("demo-liaison", "POLICE_LIAISON");

    private final Members members;
    private final Recommendations recommendations;
    private final Meetings meetings;
    private final TermsOfReference terms;
    private final ReviewItems reviewItems;
    private final RequestsToSpeak requests;
    private final Papers papers;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DemonstrationPanel(Members members, Recommendations recommendations, Meetings meetings, TermsOfReference terms,
                       ReviewItems reviewItems, RequestsToSpeak requests, Papers papers, JdbcClient jdbc,
                       TransactionTemplate transactions) {
        this.members = members;
        this.recommendations = recommendations;
        this.meetings = meetings;
        this.terms = terms;
        this.reviewItems = reviewItems;
        this.requests = requests;
        this.papers = papers;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @EventListener
    void seed(DemonstrationAccountsReady ready) {
        if (jdbc.sql("select exists (select 1 from organisation)").query(Boolean.class).single()) {
            return;
        }
        transactions.executeWithoutResult(status -> create());
        log.info("Demonstration data: a made-up panel with members, recommendations in every status and three meetings");
    }

    private void create() {
        LocalDate today = LocalDate.now(LondonTime.LONDON);
        LocalDate termStart = today.minusMonths(14).withDayOfMonth(1);
        long mopac = members.addOrganisation("Mayor's Office for Policing and Crime (demonstration)", Members.OrganisationType.MOPAC, SECRETARIAT);
        long mps = members.addOrganisation("Metropolitan Police Service (demonstration)", Members.OrganisationType.MPS, SECRETARIAT);
        long trust = members.addOrganisation("Riverside Schools Trust (demonstration)", Members.OrganisationType.SCHOOL_OR_TRUST, SECRETARIAT);
        long university = members.addOrganisation("South Bank University (demonstration)", Members.OrganisationType.UNIVERSITY, SECRETARIAT);
        long charity = members.addOrganisation("Young Londoners' Voice (demonstration)", Members.OrganisationType.CHARITY, SECRETARIAT);
        long chair = members.addMember("Dana Chair (demonstration)", charity, Members.MemberRole.CHAIR, termStart, null,
                termStart, SECRETARIAT);
        long head = members.addMember("Femi Headteacher (demonstration)", trust, Members.MemberRole.MEMBER, termStart, null,
                termStart, SECRETARIAT);
        long researcher = members.addMember("Priya Researcher (demonstration)", university, Members.MemberRole.MEMBER, termStart,
                null, termStart.plusDays(3), SECRETARIAT);
        long youth = members.addMember("Sam Youth Worker (demonstration)", charity, Members.MemberRole.MEMBER, termStart, null,
                null, SECRETARIAT);
        members.addMember("Jo Secretariat (demonstration)", mopac, Members.MemberRole.SECRETARIAT, termStart, null, termStart,
                SECRETARIAT);
        members.addMember("Inspector Lee (demonstration)", mps, Members.MemberRole.POLICE_LIAISON, termStart, null, termStart,
                SECRETARIAT);
        // the demonstration accounts are these people: demo-member is Priya Researcher (FirstStart gives the same names)
        for (String[] account : new String[][] {{"Dana Chair (demonstration)", CHAIR.name()},
                {"Priya Researcher (demonstration)", MEMBER.name()}, {"Jo Secretariat (demonstration)", SECRETARIAT.name()},
                {"Inspector Lee (demonstration)", LIAISON.name()}}) {
            jdbc.sql("update panel_member set account_username = ? where name = ?").params(account[1], account[0]).update();
        }
        members.declare(chair, "Director of Young Londoners' Voice, which receives MOPAC funding.", termStart, SECRETARIAT);
        members.confirmLatestDeclaration(chair, CHAIR);
        members.declare(head, "Headteacher of a trust school with a Safer Schools Officer.", termStart, SECRETARIAT);
        members.confirmLatestDeclaration(head, CHAIR);
        members.declare(researcher, "None.", termStart, SECRETARIAT);

        recommendation("Publish stop and search of children by school, every quarter",
                "Publish each quarter, for each school with a Safer Schools Officer, the number of children stopped and searched, "
                        + "by ethnic group, with the disclosure control the panel has agreed.", RecommendationStatus.DRAFT);
        recommendation("An appropriate adult at every more thorough search of a child",
                "No more thorough or strip search of a child without an appropriate adult present, except where the law allows "
                        + "and the reason is recorded.", RecommendationStatus.AGREED);
        recommendation("Tell parents after every search of their child",
                "Within 24 hours, a letter to the parent or carer of every child searched, explaining why and how to complain.",
                RecommendationStatus.OPEN);
        String overdue = recommendation("Body-worn video switched on at every encounter in school",
                "Officers based in schools switch on body-worn video at every use of a police power on school premises.",
                RecommendationStatus.OPEN);
        jdbc.sql("update recommendation set response_due = ? where reference = ?").params(today.minusDays(12), overdue).update();
        recommendation("Training on adultification bias for every Safer Schools Officer",
                "Every Safer Schools Officer completes training on adultification bias within three months of starting.",
                RecommendationStatus.IN_PROGRESS);
        recommendation("A safeguarding referral after every strip search of a child",
                "A safeguarding referral to the local authority after every strip search of a child.", RecommendationStatus.IMPLEMENTED);
        recommendation("Share the Safer Schools Officer deployment list with the panel",
                "Share with the panel each term which schools each Safer Schools Officer covers.", RecommendationStatus.CLOSED);
        recommendation("No Safer Schools Officers in primary schools",
                "Withdraw Safer Schools Officers from primary schools.", RecommendationStatus.NOT_ACCEPTED);

        long first = meetings.arrange("Panel meeting: terms of reference and first data (demonstration)",
                today.minusMonths(4).atTime(18, 0), "City Hall, Kamal Chunchie Way, London E16", false, SECRETARIAT);
        meetings.addAgendaItem(first, "Disproportionality in searches of children: the first quarterly figures", "disproportionality in searches", CHAIR);
        long figures = jdbc.sql("select id from agenda_item where meeting_id = ? and added_automatically = false").param(first)
                .query(Long.class).single();
        byte[] paper = ("note\nA made-up paper for the demonstration: it shows a paper for one item of the agenda, "
                + "for the panel only until the secretariat makes it public\n").getBytes(StandardCharsets.UTF_8);
        papers.add("The first quarterly figures: notes for members (demonstration)", "first-quarterly-figures-notes.csv",
                paper.length, new ByteArrayResource(paper), first, figures, SECRETARIAT);
        for (long member : List.of(chair, head, researcher)) {
            meetings.recordAttendance(first, member, "PRESENT", SECRETARIAT);
        }
        meetings.recordAttendance(first, youth, "APOLOGIES", SECRETARIAT);
        meetings.writeMinutes(first, "1. The chair welcomed members.\n2. The panel discussed the first quarterly figures. "
                + "Black children were searched at several times the rate of White children; the panel asked for figures by "
                + "school.\n3. Actions: the secretariat to circulate the second draft of the terms of reference.", SECRETARIAT);
        meetings.approveMinutes(first, 1, CHAIR);
        meetings.publishMinutes(first, SECRETARIAT);

        long second = meetings.arrange("Panel meeting: strip-search safeguards (demonstration)", today.minusMonths(1).atTime(18, 0),
                "Online (Microsoft Teams)", true, SECRETARIAT);
        meetings.addAgendaItem(second, "Strip searches of children: appropriate adults and referrals", "strip-search safeguards", CHAIR);
        for (long member : List.of(chair, head, youth)) {
            meetings.recordAttendance(second, member, "PRESENT", SECRETARIAT);
        }
        meetings.writeMinutes(second, "Draft: the panel reviewed the strip-search records of the last quarter.", SECRETARIAT);

        long third = meetings.arrange("Panel meeting: body-worn video (demonstration)", LocalDateTime.of(today.plusMonths(1), LocalTime.of(18, 0)),
                "City Hall, Kamal Chunchie Way, London E16", false, SECRETARIAT);
        meetings.addAgendaItem(third, "Body-worn video: the first sample of encounters", "body-worn video", CHAIR);

        int version = terms.startDraft(SECRETARIAT);
        TermsOfReference.Section[] sections = TermsOfReference.Section.values();
        String[] firstDraft = {
            "To scrutinise how officers based in London schools use police powers on children, and to hold the police to account for it.",
            "Safer Schools Officers of the Metropolitan Police Service, and every use of a police power on a child at or near a school.",
            "Independent members from schools, universities, charities and young people, with MOPAC and the MPS as non-voting members.",
            "An independent chair, appointed by the members for two years.",
            "More than half of the chair and members.",
            "Four times a year, and when the chair calls a meeting.",
            "The panel decides its own agenda, recommendations and publications; the police answer but do not edit the panel's text.",
            "Members sign a confidentiality agreement; no child is identifiable in anything the panel publishes.",
            "The panel sees aggregate figures and pseudonymised records; never footage or names of children.",
            "Agendas, approved minutes, recommendations and police responses are published.",
            "A year after approval."};
        for (int i = 0; i < sections.length; i++) {
            terms.editSection(version, sections[i], firstDraft[i], SECRETARIAT);
        }
        terms.openConsultation(version, SECRETARIAT);
        terms.comment(version, TermsOfReference.Section.MEMBERSHIP, "Young people should be members in their own right, "
                + "not only represented by charities.", MEMBER);
        terms.comment(version, TermsOfReference.Section.DATA_ACCESS, "The MPS can provide pseudonymised records monthly.", LIAISON);
        terms.reopenDraft(version, SECRETARIAT);
        terms.editSection(version, TermsOfReference.Section.MEMBERSHIP, "Independent members from schools, universities, charities, "
                + "and at least two young people aged 16 to 25, with MOPAC and the MPS as non-voting members.", MEMBER);
        jdbc.sql("update tor_version set demonstration = true").update();

        long approach = reviewItems.create(ReviewItems.Kind.EXISTING_APPROACH, "Searches at the school gate",
                "How Safer Schools Officers decide to search children at the school gate, and what grounds they record.", MEMBER);
        reviewItems.comment(approach, "Officers follow the national guidance on grounds (demonstration).", LIAISON);
        reviewItems.create(ReviewItems.Kind.PROPOSED_INITIATIVE, "Drop-in sessions with officers at lunchtime",
                "An MPS proposal: officers hold drop-in sessions for pupils, with no powers used.", SECRETARIAT);
        long learning = reviewItems.create(ReviewItems.Kind.ORGANISATIONAL_LEARNING, "Lessons from the 2022 strip-search review",
                "What changed after the review of strip searches of children, and whether it has held.", MEMBER);
        reviewItems.decide(learning, ReviewItems.Outcome.NOTED, "The panel noted the changes; to return to it in a year.", null, CHAIR);
        reviewItems.create(ReviewItems.Kind.THINK_TANK_IDEA, "Schools without police officers",
                "A think-tank paper proposes schools choose whether to have an officer at all.", MEMBER);
        long speak = requests.request("The Safer Schools sergeant for Lambeth", "How officers decide to search at the school gate.",
                MEMBER);
        requests.schedule(speak, today.plusWeeks(2).atTime(16, 0), "At Brixton police station (demonstration).", LIAISON);
        requests.request("The borough commander for the South Area", "How officers are deployed to schools.", CHAIR);
        jdbc.sql("update review_item set demonstration = true").update();
        jdbc.sql("update request_to_speak set demonstration = true").update();

        jdbc.sql("update organisation set demonstration = true").update();
        jdbc.sql("update panel_member set demonstration = true").update();
        jdbc.sql("update recommendation set demonstration = true").update();
        jdbc.sql("update meeting set demonstration = true").update();
        jdbc.sql("update paper set demonstration = true").update();
    }

    /** A recommendation taken to the given status through the real steps. */
    private String recommendation(String title, String body, RecommendationStatus to) {
        String reference = recommendations.draft(title, body, MEMBER);
        if (to == RecommendationStatus.DRAFT) {
            return reference;
        }
        recommendations.agree(reference, "Agreed by the panel (demonstration)", 1, CHAIR);
        if (to == RecommendationStatus.AGREED) {
            return reference;
        }
        recommendations.issue(reference, LocalDate.now(LondonTime.LONDON).plusWeeks(6), CHAIR);
        switch (to) {
            case IN_PROGRESS, IMPLEMENTED, CLOSED -> {
                recommendations.respond(reference, PoliceDecision.ACCEPTED, "The MPS accepts this recommendation (demonstration).",
                        List.of(new Recommendations.Action("Change the procedure and brief every officer",
                                LocalDate.now(LondonTime.LONDON).plusMonths(3))), LIAISON);
                if (to != RecommendationStatus.IN_PROGRESS) {
                    recommendations.reportImplemented(reference, "Done: the procedure changed and officers were briefed.", LIAISON);
                }
                if (to == RecommendationStatus.CLOSED) {
                    recommendations.close(reference, "The panel checked the change and closes the recommendation.", CHAIR);
                }
            }
            case NOT_ACCEPTED -> recommendations.respond(reference, PoliceDecision.NOT_ACCEPTED,
                    "Officers in primary schools are there at the schools' request (demonstration).", List.of(), LIAISON);
            default -> {
            }
        }
        return reference;
    }
}
