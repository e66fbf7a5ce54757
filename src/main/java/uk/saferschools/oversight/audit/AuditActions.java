package uk.saferschools.oversight.audit;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The actions of the audit trail in plain words, for people reading it: "Terms of reference section
 * edited" for {@code TOR_SECTION_EDITED}. The code stays what is stored and hashed, and what the filter
 * sends; the words are for display only. An action without words here reads as its code in sentence
 * case, so a new action never shows as a bare code.
 */
@Component("auditActions")
class AuditActions {

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("ACCOUNT_CREATED", "Account created"),
            Map.entry("ACCOUNT_DISABLED", "Account disabled"),
            Map.entry("ACCOUNT_EMAIL_SET", "Digest email address set"),
            Map.entry("ACCOUNT_ENABLED", "Account enabled"),
            Map.entry("ACCOUNT_LOCKED", "Sign-in paused after failed attempts"),
            Map.entry("ACCOUNT_UNLOCKED", "Account unlocked"),
            Map.entry("AGENDA_ITEM_ADDED", "Agenda item added"),
            Map.entry("ANALYSIS_PUBLISHED", "Analysis published"),
            Map.entry("ANALYSIS_SNAPSHOT_DOWNLOADED", "Analysis snapshot downloaded"),
            Map.entry("ANALYSIS_SNAPSHOT_SAVED", "Analysis snapshot saved"),
            Map.entry("ATTENDANCE_RECORDED", "Attendance recorded"),
            Map.entry("AUDIT_TRAIL_VERIFIED", "Audit trail checked"),
            Map.entry("BWV_REFERENCES_KEYED", "Body-worn video references pseudonymised"),
            Map.entry("BWV_SAMPLE_DRAWN", "Body-worn video sample drawn for review"),
            Map.entry("BWV_SESSION_CREATED", "Body-worn video review session set up"),
            Map.entry("BWV_SCORE_SUBMITTED", "Body-worn video encounter scored"),
            Map.entry("BWV_SCORES_VIEWED", "Body-worn video scores read"),
            Map.entry("BWV_REVIEW_VIEWED", "Body-worn video review opened"),
            Map.entry("BWV_CONSENSUS_RECORDED", "Body-worn video consensus recorded"),
            Map.entry("BWV_FINDINGS_PUBLISHED", "Body-worn video review findings published"),
            Map.entry("BWV_WORDS_APPROVED", "Reviewers' words approved for publication"),
            Map.entry("BWV_WORDS_KEPT_OUT", "Reviewers' words kept out of publication"),
            Map.entry("BWV_ACTION_POINT_RAISED", "Body-worn video action point raised for the police"),
            Map.entry("BWV_ACTION_POINT_ANSWERED", "Body-worn video action point answered by the police"),
            Map.entry("BWV_ACTION_POINT_CLOSED", "Body-worn video action point closed by the chair"),
            Map.entry("PERTURBATION_KEYS_MADE", "Record keys made for the protection of published figures"),
            Map.entry("DECLARATION_CONFIRMED", "Declaration of interest confirmed"),
            Map.entry("DECLARATION_RECORDED", "Declaration of interest recorded"),
            Map.entry("IMPORT_REJECTED", "Import rejected"),
            Map.entry("IMPORT_REPORT_DOWNLOADED", "Import report downloaded"),
            Map.entry("IMPORT_UNCHANGED", "Import skipped: file already held"),
            Map.entry("MEETING_ARRANGED", "Meeting arranged"),
            Map.entry("MEMBER_ADDED", "Panel member added"),
            Map.entry("MINUTES_WRITTEN", "Minutes written"),
            Map.entry("MINUTES_APPROVED", "Minutes approved"),
            Map.entry("MINUTES_PUBLISHED", "Minutes published"),
            Map.entry("ORGANISATION_ADDED", "Organisation added"),
            Map.entry("PAPER_ADDED", "Paper added"),
            Map.entry("PAPER_ATTACHED_TO_AGENDA_ITEM", "Paper attached to an agenda item"),
            Map.entry("PAPER_DOWNLOADED", "Paper downloaded"),
            Map.entry("PAPER_PUBLISHED", "Paper made public"),
            Map.entry("PASSWORD_CHANGED", "Password changed"),
            Map.entry("PASSWORD_RESET", "Password reset"),
            Map.entry("PUBLICATION_PROPOSAL_DECLINED", "Publication proposal declined"),
            Map.entry("PUBLICATION_PROPOSAL_PUBLISHED", "Publication proposal published"),
            Map.entry("PUBLICATION_PROPOSED", "Analysis proposed for publication"),
            Map.entry("PUBLICATION_SCHEDULED", "Publication scheduled"),
            Map.entry("PUBLICATION_SCHEDULE_FULFILLED", "Scheduled item fulfilled by a publication"),
            Map.entry("RECOMMENDATION_ANSWERED", "Police response to a recommendation"),
            Map.entry("RECOMMENDATION_DRAFTED", "Recommendation drafted"),
            Map.entry("RECOMMENDATION_REVISED", "Recommendation revised"),
            Map.entry("RECOMMENDATION_STATUS", "Recommendation status changed"),
            Map.entry("RECORDS_IMPORTED", "Records imported"),
            Map.entry("RECORDS_REPLACED", "Records replaced"),
            Map.entry("REVIEW_EVIDENCE_ADDED", "Evidence added to a review item"),
            Map.entry("REVIEW_ITEM_ADDED", "Review item added"),
            Map.entry("REVIEW_ITEM_COMMENTED", "Review item commented on"),
            Map.entry("REVIEW_ITEM_DECIDED", "Review item decided"),
            Map.entry("REVIEW_ITEM_REVISED", "Review item revised"),
            Map.entry("ROLES_CHANGED", "Roles changed"),
            Map.entry("SIGNED_IN", "Signed in"),
            Map.entry("SIGNED_OUT", "Signed out"),
            Map.entry("SIGN_IN_FAILED", "Sign-in failed"),
            Map.entry("SPEAK_REQUESTED", "Request to speak to staff made"),
            Map.entry("SPEAK_SCHEDULED", "Request to speak scheduled"),
            Map.entry("SPEAK_DECLINED", "Request to speak declined by the police"),
            Map.entry("SPEAK_HELD", "Request to speak held and minuted"),
            Map.entry("TOR_APPROVED", "Terms of reference approved"),
            Map.entry("TOR_COMMENTED", "Terms of reference commented on"),
            Map.entry("TOR_CONSULTATION", "Terms of reference put out for consultation"),
            Map.entry("TOR_DRAFT", "Terms of reference taken back to a draft"),
            Map.entry("TOR_DRAFT_STARTED", "Terms of reference version started"),
            Map.entry("TOR_SECTION_EDITED", "Terms of reference section edited"));

    /** Whether the action has words of its own here (rather than its code in sentence case). */
    public boolean known(String action) {
        return WORDS.containsKey(action);
    }

    /** The action in plain words. */
    public String words(String action) {
        if (action == null || action.isBlank()) {
            return "";
        }
        String known = WORDS.get(action);
        if (known != null) {
            return known;
        }
        String spaced = action.replace('_', ' ').toLowerCase(Locale.UK);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
