package uk.saferschools.oversight.publication;

import uk.saferschools.oversight.audit.Actor;

/**
 * The secretariat published a kept analysis ({@link Publications#publish}). {@link PublicationProposals}
 * answers the analysis's open proposal, if it has one, with this publication.
 */
public record AnalysisPublished(long publicationId, long snapshotId, String title, Actor by) {
}
