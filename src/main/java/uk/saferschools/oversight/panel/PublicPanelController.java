package uk.saferschools.oversight.panel;

import java.time.LocalDate;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The panel's work for everyone, no sign-in: issued recommendations with the police responses, meetings
 * with their published minutes, and the members with their confirmed declarations. What is
 * shown is what the anonymous public may see, whoever is signed in, so a draft never reaches these pages.
 */
@Controller
@PreAuthorize("permitAll()")
class PublicPanelController {

    private final Recommendations recommendations;
    private final Meetings meetings;
    private final Members members;
    private final TermsOfReference terms;
    private final Papers papers;

    PublicPanelController(Recommendations recommendations, Meetings meetings, Members members, TermsOfReference terms,
                          Papers papers) {
        this.papers = papers;
        this.recommendations = recommendations;
        this.meetings = meetings;
        this.members = members;
        this.terms = terms;
    }

    /** The approved terms of reference and their history, or the plain notice that they are still a draft. */
    @GetMapping("/terms-of-reference")
    String termsOfReference(Model model) {
        model.addAttribute("approved", terms.approved().orElse(null));
        model.addAttribute("draft", terms.latestInProgress().orElse(null));
        model.addAttribute("versions", terms.versions(Actor.ANONYMOUS));
        return "panel/public-terms-of-reference";
    }

    @GetMapping("/terms-of-reference/versions/{number}")
    String termsOfReferenceVersion(@PathVariable int number, Model model) {
        TermsOfReference.Version version = terms.version(number, Actor.ANONYMOUS)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("approved", version);
        model.addAttribute("draft", null);
        model.addAttribute("versions", terms.versions(Actor.ANONYMOUS));
        return "panel/public-terms-of-reference";
    }

    @GetMapping("/terms-of-reference/compare")
    String compareTermsOfReference(@RequestParam int from,
                                   @RequestParam int to, Model model) {
        try {
            model.addAttribute("differences", terms.difference(from, to, Actor.ANONYMOUS));
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("back", "/terms-of-reference");
        return "panel/terms-of-reference-compare";
    }

    @GetMapping("/meetings")
    String meetings(Model model) {
        model.addAttribute("meetings", meetings.all(Actor.ANONYMOUS));
        return "panel/public-meetings";
    }

    @GetMapping("/meetings/{id}")
    String meeting(@PathVariable long id, Model model) {
        model.addAttribute("meeting", meetings.find(id, Actor.ANONYMOUS)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("papers", papers.list(id, Actor.ANONYMOUS));
        return "panel/public-meeting";
    }

    @GetMapping("/members")
    String members(Model model) {
        model.addAttribute("members", members.servingOn(LocalDate.now(LondonTime.LONDON), true));
        return "panel/public-members";
    }

    @GetMapping("/recommendations")
    String recommendations(Model model) {
        model.addAttribute("recommendations", recommendations.visibleTo(Actor.ANONYMOUS));
        return "panel/public-recommendations";
    }

    @GetMapping("/recommendations/{reference}")
    String recommendation(@PathVariable String reference, Model model) {
        model.addAttribute("recommendation", recommendations.find(reference, Actor.ANONYMOUS)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "panel/public-recommendation";
    }
}
