/**
 * Body-worn video scrutiny (issue 15, ADR 0018): samples of encounters drawn reproducibly from our extended
 * records ({@link Samples}), review sessions in which each member scores each encounter alone before seeing
 * anyone else's score, and the chair's consensus with the spread of scores beside it ({@link ReviewSessions}),
 * on the review form of docs/formats/bwv-review-form.md ({@link ReviewForm}), action points the police
 * liaison answers, which come forward onto later sessions until the chair closes them ({@link ActionPoints}),
 * and the findings of reviews, protected and published a quarter at a time ({@link ReviewFindings}). No footage
 * is ever held here: only what reviewers found. Reviewers see an encounter's pseudonymised reference, date,
 * power, age band, ethnic group, school and outcome, never a child's name. Reviewers' words that may go public
 * are first checked for personal details ({@link PersonalDetails}: plain Java, no database). Uses the audit
 * trail, identity, the panel's inbox, records, statistics (the perturbation table) and web.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Body-worn video scrutiny",
        allowedDependencies = {"audit", "identity", "panel", "records", "records :: events", "statistics", "web"})
package uk.saferschools.oversight.scrutiny;
