package uk.saferschools.oversight.publication;

import uk.saferschools.oversight.audit.Actor;

/**
 * A proposal to publish was answered by a publication of its analysis; {@link ProposalNotices} tells the
 * analysts.
 */
public record ProposedAnalysisPublished(long proposalId, long snapshotId, long publicationId, String proposedTitle,
                                        Actor by) {
}
