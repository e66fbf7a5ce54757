package uk.saferschools.oversight.scrutiny;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.Recipients;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.records.Encounters;

/**
 * The panel's pages of body-worn video scrutiny: samples drawn, review sessions, each member's own score of
 * an encounter and the chair's consensus. Scores reach a page only through {@link ReviewSessions#scores},
 * which shows no one another's score before they have submitted their own.
 */
@Controller
@RequestMapping("/panel/scrutiny")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
class ScrutinyController {

    private final Samples samples;
    private final ReviewSessions sessions;
    private final Recipients recipients;
    private final ReviewFindings findings;
    private final ActionPoints actionPoints;
    private final PublicWords words;

    ScrutinyController(Samples samples, ReviewSessions sessions, Recipients recipients, ReviewFindings findings, ActionPoints actionPoints,
                       PublicWords words) {
        this.words = words;
        this.actionPoints = actionPoints;
        this.findings = findings;
        this.samples = samples;
        this.sessions = sessions;
        this.recipients = recipients;
    }

    @GetMapping
    String overview(Model model) {
        Actor who = Actor.current();
        model.addAttribute("samples", samples.all(who));
        model.addAttribute("sessions", sessions.all(who));
        model.addAttribute("soFar", findings.soFar(who));
        model.addAttribute("publishable", findings.publishable());
        model.addAttribute("published", findings.published());
        return "scrutiny/overview";
    }

    @PostMapping("/findings")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String publishFindings(@RequestParam(defaultValue = "") String quarter, Model model, RedirectAttributes flash) {
        try {
            findings.publish(quarter, Actor.current());
            flash.addFlashAttribute("confirmation", "The findings of " + quarter + " are published on the scrutiny page.");
            return "redirect:/panel/scrutiny";
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", "quarter");
            return overview(model);
        }
    }

    @GetMapping("/words")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String words(Model model) {
        model.addAttribute("waiting", words.waiting(Actor.current()));
        return "scrutiny/words";
    }

    @PostMapping("/words")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String decideWords(@RequestParam long session, @RequestParam int position, @RequestParam String field,
                       @RequestParam(defaultValue = "") String decision, @RequestParam MultiValueMap<String, String> form, Model model,
                       RedirectAttributes flash) {
        Map<Integer, PublicWords.Decision> decisions = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            String choice = form.getFirst("finding-" + i);
            if (choice != null) {
                decisions.put(i, new PublicWords.Decision("redact".equals(choice), form.getFirst("reason-" + i)));
            }
        }
        try {
            words.decide(session, position, field, "approve".equals(decision), decisions, Actor.current());
            flash.addFlashAttribute("confirmation", "approve".equals(decision) ? "Approved: the words are on the scrutiny page, as redacted."
                    : "Kept out: the words will not be published.");
            return "redirect:/panel/scrutiny/words";
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", "words-" + session + "-" + position + "-" + field);
            return words(model);
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    @GetMapping("/samples/new")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String newSample(Model model) {
        model.addAttribute("powers", POWERS);
        model.addAttribute("retentionDays", samples.retentionDays());
        return "scrutiny/new-sample";
    }

    @PostMapping("/samples")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String draw(@RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes flash) {
        try {
            Samples.Request request = request(form);
            long id = samples.draw(request, Actor.current());
            flash.addFlashAttribute("confirmation", "Sample drawn. Its seed is kept, so it can be drawn again.");
            return "redirect:/panel/scrutiny/samples/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", EntryRefused.fieldOf(e, "title"));
            model.addAttribute("form", form.toSingleValueMap());
            return newSample(model);
        }
    }

    @GetMapping("/samples/{id}")
    String sample(@PathVariable long id, Model model) {
        Samples.Sample sample = found(() -> samples.byId(id, Actor.current()));
        model.addAttribute("sample", sample);
        LocalDate drawnOn = sample.drawnAt().atZoneSameInstant(uk.saferschools.oversight.web.LondonTime.LONDON).toLocalDate();
        model.addAttribute("pastRetention", sample.encounters().stream().filter(e -> samples.pastRetention(e, drawnOn))
                .map(Encounters.Encounter::reference).toList());
        model.addAttribute("retentionDays", samples.retentionDays());
        model.addAttribute("eligible", recipients.withAnyRole(EnumSet.of(Role.PANEL_MEMBER, Role.CHAIR)));
        model.addAttribute("powerLabels", POWERS);
        return "scrutiny/sample";
    }

    @PostMapping("/sessions")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String createSession(@RequestParam long sample, @RequestParam(defaultValue = "") String title,
                         @RequestParam(defaultValue = "") String heldOn, @RequestParam(required = false) List<String> members,
                         Model model, RedirectAttributes flash) {
        try {
            LocalDate date;
            try {
                date = LocalDate.parse(heldOn.strip());
            } catch (DateTimeParseException e) {
                throw new EntryRefused("held-on", "Enter the date of the session, such as 2027-03-12");
            }
            long id = sessions.create(sample, date, title, members == null ? List.of() : members, Actor.current());
            flash.addFlashAttribute("confirmation", "Review session set up. Each member present now scores each encounter alone.");
            return "redirect:/panel/scrutiny/sessions/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", EntryRefused.fieldOf(e, "members"));
            return sample(sample, model);
        }
    }

    @GetMapping("/sessions/{id}")
    String session(@PathVariable long id, Model model) {
        Actor who = Actor.current();
        ReviewSessions.Session session = found(() -> sessions.session(id, who));
        Samples.Sample sample = samples.byId(session.sampleId(), who);
        model.addAttribute("review", session);
        model.addAttribute("sample", sample);
        model.addAttribute("standing", sessions.standing(id, who));
        model.addAttribute("present", session.members().contains(who.name()));
        model.addAttribute("powerLabels", POWERS);
        model.addAttribute("carried", actionPoints.carriedForward(id, who));
        model.addAttribute("raised", actionPoints.raisedAt(id, who));
        return "scrutiny/session";
    }

    @GetMapping("/sessions/{id}/encounters/{position}")
    String encounter(@PathVariable long id, @PathVariable int position, Model model) {
        Actor who = Actor.current();
        ReviewSessions.Session session = found(() -> sessions.session(id, who));
        Encounters.Encounter encounter = found(() -> samples.encounterAt(session.sampleId(), position, who));
        ReviewSessions.Standing standing = sessions.standing(id, who).get(position - 1);
        model.addAttribute("review", session);
        model.addAttribute("position", position);
        model.addAttribute("encounter", encounter);
        model.addAttribute("standing", standing);
        model.addAttribute("present", session.members().contains(who.name()) && Roles.member(who));
        sessions.viewed(id, position, who);
        model.addAttribute("scores", sessions.scores(id, position, who));
        model.addAttribute("consensus", sessions.consensus(id, position, who).orElse(null));
        model.addAttribute("mayAgree", Roles.chair(who) && standing.submitted() == standing.present() && !standing.consensus());
        model.addAttribute("questions", QUESTIONS);
        model.addAttribute("allowed", ReviewForm.ANSWERS);
        model.addAttribute("powerLabels", POWERS);
        model.addAttribute("valueLabels", VALUES);
        return "scrutiny/encounter";
    }

    @PostMapping("/sessions/{id}/encounters/{position}/score")
    @PreAuthorize("hasRole('PANEL_MEMBER')")
    String score(@PathVariable long id, @PathVariable int position, @RequestParam MultiValueMap<String, String> form, Model model,
                 RedirectAttributes flash) {
        return act(id, position, form, model, flash, false);
    }

    @PostMapping("/sessions/{id}/encounters/{position}/consensus")
    @PreAuthorize("hasRole('CHAIR')")
    String agree(@PathVariable long id, @PathVariable int position, @RequestParam MultiValueMap<String, String> form, Model model,
                 RedirectAttributes flash) {
        return act(id, position, form, model, flash, true);
    }

    private String act(long id, int position, MultiValueMap<String, String> form, Model model, RedirectAttributes flash, boolean consensus) {
        Map<String, String> answers = new LinkedHashMap<>();
        ReviewForm.names().forEach(n -> answers.put(n, form.getFirst(n)));
        ReviewForm.Rating rating = null;
        try {
            String chosen = form.getFirst("rating");
            rating = chosen == null || chosen.isBlank() ? null : ReviewForm.Rating.valueOf(chosen);
        } catch (IllegalArgumentException e) {
            rating = null;
        }
        try {
            ReviewForm.Rating kept = consensus
                    ? sessions.agree(id, position, answers, rating, form.getFirst("rationale"), form.getFirst("learning"),
                    form.getFirst("good_practice"), Actor.current())
                    : sessions.submit(id, position, answers, rating, form.getFirst("rationale"), form.getFirst("learning"),
                    form.getFirst("good_practice"), Actor.current());
            flash.addFlashAttribute("confirmation", (consensus ? "Consensus recorded: " : "Your score is submitted: ") + kept.name().toLowerCase()
                    + ("no".equals(answers.get("footage_available")) ? " (no footage is always red)." : "."));
            return "redirect:/panel/scrutiny/sessions/" + id + "/encounters/" + position;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", EntryRefused.fieldOf(e, "rating"));
            model.addAttribute("form", form.toSingleValueMap());
            return encounter(id, position, model);
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static Samples.Request request(MultiValueMap<String, String> form) {
        String title = form.getFirst("title");
        Samples.Method method = "TARGETED".equals(form.getFirst("method")) ? Samples.Method.TARGETED : Samples.Method.RANDOM;
        LocalDate from = date(form.getFirst("from"), "from");
        LocalDate to = date(form.getFirst("to"), "to");
        Integer school = integer(form.getFirst("school"), "school", "Enter the school's URN as a number, such as 100001");
        String sso = form.getFirst("sso");
        Boolean ssoInvolved = "yes".equals(sso) ? Boolean.TRUE : "no".equals(sso) ? Boolean.FALSE : null;
        String power = form.getFirst("power");
        if (power != null && !power.isBlank() && !POWERS.containsKey(power)) {
            throw new EntryRefused("power", "Choose a power from the list");
        }
        Encounters.Filter filter = new Encounters.Filter(from, to, blankToNull(form.getFirst("borough")), school, ssoInvolved,
                blankToNull(power), blankToNull(form.getFirst("outcome")), "on".equals(form.getFirst("children")), Set.of());
        String size = form.getFirst("size");
        String by = form.getFirst("by");
        Integer n = null;
        Double percent = null;
        if ("percent".equals(by)) {
            try {
                percent = Double.parseDouble(size == null ? "" : size.strip());
            } catch (NumberFormatException e) {
                throw new EntryRefused("size", "Enter the percentage as a number, such as 10");
            }
        } else {
            n = integer(size, "size", "Enter the number of encounters, such as 12");
            if (n == null) {
                throw new EntryRefused("size", "Enter the number of encounters, such as 12");
            }
        }
        Long seed = null;
        String givenSeed = form.getFirst("seed");
        if (givenSeed != null && !givenSeed.isBlank()) {
            try {
                seed = Long.parseLong(givenSeed.strip());
            } catch (NumberFormatException e) {
                throw new EntryRefused("seed", "Enter the seed as a whole number, or leave it empty for a new one");
            }
        }
        return new Samples.Request(title, method, filter, "on".equals(form.getFirst("targetTeams")), n, percent, seed);
    }

    private static LocalDate date(String value, String which) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new EntryRefused(which, "Enter the " + which + " date as a date, such as 2025-09-01");
        }
    }

    private static Integer integer(String value, String field, String message) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new EntryRefused(field, message);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The form field an error message is about, for the error summary's link. */

    private static <T> T found(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** The powers of the extended records, as the pages name them. */
    static final Map<String, String> POWERS = new LinkedHashMap<>();
    /** The form's questions in words, by machine name (docs/formats/bwv-review-form.md). */
    static final Map<String, String> QUESTIONS = new LinkedHashMap<>();
    /** The allowed answers in words. */
    static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        ReviewForm.ANSWERS.values().stream().flatMap(List::stream).distinct().forEach(v -> VALUES.put(v,
                Character.toUpperCase(v.charAt(0)) + v.substring(1).replace('_', ' ')));
        POWERS.put("STOP_AND_SEARCH", "Stop and search");
        POWERS.put("ARREST", "Arrest");
        POWERS.put("USE_OF_FORCE", "Use of force");
        POWERS.put("MORE_THOROUGH_SEARCH", "More thorough search");
        POWERS.put("STRIP_SEARCH_INTIMATE_PARTS", "Strip search exposing intimate parts");
        POWERS.put("HANDCUFFING", "Handcuffing");
        QUESTIONS.put("footage_available", "Was footage available?");
        QUESTIONS.put("footage_complete", "Was the footage complete?");
        QUESTIONS.put("switched_on_before_encounter", "Was the camera switched on before the encounter began?");
        QUESTIONS.put("grounds", "G: grounds for the search given");
        QUESTIONS.put("object", "O: object of the search given");
        QUESTIONS.put("warrant_card", "W: warrant card shown (if in plain clothes)");
        QUESTIONS.put("identity", "I: officer's identity given");
        QUESTIONS.put("station", "S: station given");
        QUESTIONS.put("entitlement_to_record", "E: entitlement to a copy of the record explained");
        QUESTIONS.put("legal_power", "L: legal power used given");
        QUESTIONS.put("you_are_detained", "Y: “you are detained” for the search said");
        QUESTIONS.put("grounds_objectively_reasonable", "Were the grounds objectively reasonable?");
        QUESTIONS.put("ethnicity_asked", "Was self-defined ethnicity asked?");
        QUESTIONS.put("complaints_route_explained", "Was the complaints route explained?");
        QUESTIONS.put("age_established_early", "Child: was age established early?");
        QUESTIONS.put("appropriate_adult_present_where_required", "Child: was an appropriate adult present where required?");
        QUESTIONS.put("safeguarding_referral_made", "Child: was a safeguarding referral made?");
        QUESTIONS.put("school_setting", "Child: was it in a school setting?");
        QUESTIONS.put("sso_involved", "Child: was a Safer Schools Officer involved?");
        QUESTIONS.put("handcuffs_used", "Were handcuffs used?");
        QUESTIONS.put("handcuffs_when", "When were handcuffs used?");
        QUESTIONS.put("restraint_used", "Was other restraint used?");
        QUESTIONS.put("taser_drawn", "Was a Taser drawn?");
        QUESTIONS.put("taser_used", "Was a Taser used?");
        QUESTIONS.put("force_justified", "Was the force used justified?");
        QUESTIONS.put("more_thorough_search_where", "More thorough or strip search: where?");
        QUESTIONS.put("more_thorough_search_present", "More thorough or strip search: who was present?");
        QUESTIONS.put("vulnerabilities_noticed", "Were vulnerabilities noticed?");
        QUESTIONS.put("adjustments_made", "Were adjustments made for them?");
        QUESTIONS.put("communication", "How was the communication?");
        QUESTIONS.put("de_escalation", "Did officers de-escalate?");
        QUESTIONS.put("find_matched_grounds", "Did any object found match the grounds?");
    }
}
