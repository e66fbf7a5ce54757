package uk.saferschools.oversight.publication;

import uk.saferschools.oversight.audit.Actor;

/** An analyst proposed a kept analysis for publication; {@link ProposalNotices} tells the secretariat. */
public record PublicationProposed(long proposalId, long snapshotId, String analysisTitle, String proposedTitle, Actor by) {
}
