package uk.saferschools.oversight.panel;

import jakarta.servlet.http.HttpServletResponse;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** The terms of reference for the panel (and the police liaison during consultation). */
@Controller
@RequestMapping("/panel/terms-of-reference")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT', 'POLICE_LIAISON')")
class TermsOfReferenceController {

    private final TermsOfReference terms;

    TermsOfReferenceController(TermsOfReference terms) {
        this.terms = terms;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("versions", terms.versions(Actor.current()));
        return "panel/terms-of-reference";
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String start(Model model, RedirectAttributes flash) {
        try {
            int number = terms.startDraft(Actor.current());
            flash.addFlashAttribute("confirmation", "Version " + number + " started, from the text of the latest version.");
            return "redirect:/panel/terms-of-reference/" + number;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            return list(model);
        }
    }

    @GetMapping("/{number}")
    String show(@PathVariable int number, Model model) {
        model.addAttribute("version", terms.version(number, Actor.current())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("sections", TermsOfReference.Section.values());
        model.addAttribute("others", terms.versions(Actor.current()).stream().filter(v -> v.number() != number).toList());
        return "panel/terms-of-reference-version";
    }

    @PostMapping("/{number}/sections/{section}")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String edit(@PathVariable int number, @PathVariable TermsOfReference.Section section,
                @RequestParam(defaultValue = "") String body, @RequestParam(required = false) Integer revision,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        // the section's revision the form showed: a revision saved by someone else since is not overwritten
        return act(number, model, "section-" + section.name(), flash, section.label() + " saved.", () -> {
            try {
                terms.editSection(number, section, body, revision, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @PostMapping("/{number}/consultation")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String consult(@PathVariable int number, Model model, RedirectAttributes flash) {
        return act(number, model, "main-content", flash,
                "Out for consultation. The police liaison has been told, and can comment on each section.", () ->
                        terms.openConsultation(number, Actor.current()));
    }

    @PostMapping("/{number}/reopen")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String reopen(@PathVariable int number, Model model, RedirectAttributes flash) {
        return act(number, model, "main-content", flash, "Taken back to a draft: its sections can be edited again.", () ->
                terms.reopenDraft(number, Actor.current()));
    }

    @PostMapping("/{number}/comments")
    String comment(@PathVariable int number, @RequestParam(required = false) TermsOfReference.Section section,
                   @RequestParam(defaultValue = "") String body, Model model, RedirectAttributes flash) {
        return act(number, model, "comment", flash, "Comment added. The chair has been told.", () ->
                terms.comment(number, section, body, Actor.current()));
    }

    @PostMapping("/{number}/approve")
    @PreAuthorize("hasRole('CHAIR')")
    String approve(@PathVariable int number, @RequestParam(defaultValue = "0") int revision, Model model,
                   HttpServletResponse response, RedirectAttributes flash) {
        // the revision the chair read, from the form: text changed since is refused, not approved unread
        return act(number, model, "main-content", flash, "Version " + number + " approved. It is now the public terms of reference.",
                () -> {
            try {
                terms.approve(number, revision, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @GetMapping("/compare")
    String compare(@RequestParam int from, @RequestParam int to, Model model) {
        try {
            model.addAttribute("differences", terms.difference(from, to, Actor.current()));
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("back", "/panel/terms-of-reference");
        return "panel/terms-of-reference-compare";
    }

    /** Does the action and goes back to the version with {@code confirmation} at the top, or shows the problem. */
    private String act(int number, Model model, String field, RedirectAttributes flash, String confirmation, Runnable action) {
        if (terms.version(number, Actor.current()).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            action.run();
            flash.addFlashAttribute("confirmation", confirmation);
            return "redirect:/panel/terms-of-reference/" + number;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return show(number, model);
        }
    }
}
