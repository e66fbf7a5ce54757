package uk.saferschools.oversight.identity;

/**
 * The first event of the demonstration data's seeding (ADR 0005): published by {@link FirstStart} on each
 * start of the web application that wants demonstration data ({@link DemonstrationData}), once the first
 * accounts are in place, made now or on an earlier start. The demonstration records and the demonstration
 * panel are seeded on hearing it, each only if it is not there yet; the demonstration publications follow
 * the records. It is heard at once, in the starting thread, so everything is seeded before the start ends.
 */
public record DemonstrationAccountsReady() {
}
