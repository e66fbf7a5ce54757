package uk.saferschools.oversight.publication;

import uk.saferschools.oversight.audit.Actor;

/** The secretariat declined a proposal to publish, saying why; {@link ProposalNotices} tells the analysts. */
public record PublicationProposalDeclined(long proposalId, long snapshotId, String proposedTitle, String reason, Actor by) {
}
