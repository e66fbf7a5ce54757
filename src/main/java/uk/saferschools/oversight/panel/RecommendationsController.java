package uk.saferschools.oversight.panel;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import uk.saferschools.oversight.web.LondonTime;

/**
 * The panel's recommendations, for the panel and the police liaison. What each may do is checked here
 * and again in {@link Recommendations}: members draft and revise, the chair agrees and closes, the chair
 * or secretariat issues, the police liaison answers. The police never reach a form that changes panel text.
 */
@Controller
@RequestMapping("/panel/recommendations")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT', 'POLICE_LIAISON')")
class RecommendationsController {

    static final int ACTION_ROWS = 5;

    private final Recommendations recommendations;

    RecommendationsController(Recommendations recommendations) {
        this.recommendations = recommendations;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("recommendations", recommendations.visibleTo(Actor.current()));
        return "panel/recommendations";
    }

    @PostMapping
    @PreAuthorize("hasRole('PANEL_MEMBER')")
    String draft(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String body, Model model,
                 RedirectAttributes flash) {
        try {
            String reference = recommendations.draft(title, body, Actor.current());
            flash.addFlashAttribute("confirmation", "Draft " + reference
                    + " saved. The chair has been told it awaits the panel's agreement.");
            return "redirect:/panel/recommendations/" + reference;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", title.isBlank() || title.strip().length() > 200 ? "title" : "body");
            // not "title": the layout's page title has that name, and would fill the box
            model.addAttribute("draftTitle", title);
            model.addAttribute("draftBody", body);
            return list(model);
        }
    }

    @GetMapping("/{reference}")
    String show(@PathVariable String reference, Model model) {
        model.addAttribute("recommendation", recommendations.find(reference, Actor.current())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("decisions", PoliceDecision.values());
        model.addAttribute("actionRows", ACTION_ROWS);
        model.addAttribute("today", LocalDate.now(LondonTime.LONDON));
        return "panel/recommendation";
    }

    @PostMapping("/{reference}/revise")
    @PreAuthorize("hasRole('PANEL_MEMBER')")
    String revise(@PathVariable String reference, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String body, @RequestParam(required = false) Integer version,
                  Model model, HttpServletResponse response, RedirectAttributes flash) {
        // the version the form showed: a version saved by another member since is not overwritten
        return act(reference, model, "revise-title", flash, "Saved as a new version of the draft.", () -> {
            try {
                recommendations.revise(reference, title, body, version, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @PostMapping("/{reference}/agree")
    @PreAuthorize("hasRole('CHAIR')")
    String agree(@PathVariable String reference, @RequestParam(defaultValue = "") String decision,
                 @RequestParam(defaultValue = "0") int version, Model model, HttpServletResponse response,
                 RedirectAttributes flash) {
        // the version the chair read, from the form: a newer one saved since is refused, not agreed unread
        return act(reference, model, "decision", flash, "The panel's agreement is recorded. The recommendation can now be issued.",
                () -> {
            try {
                recommendations.agree(reference, decision, version, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @PostMapping("/{reference}/issue")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String issue(@PathVariable String reference, @RequestParam(defaultValue = "") String responseDue, Model model,
                 RedirectAttributes flash) {
        return act(reference, model, "responseDue", flash, "Issued to the police. The recommendation is now public.", () ->
                recommendations.issue(reference, date(responseDue,
                "Enter the date the police response is due, as a date such as 2027-01-31"), Actor.current()));
    }

    @PostMapping("/{reference}/respond")
    @PreAuthorize("hasRole('POLICE_LIAISON')")
    String respond(@PathVariable String reference, @RequestParam(required = false) PoliceDecision decision,
                   @RequestParam(defaultValue = "") String reasons, @RequestParam(required = false) Integer responseVersion,
                   @RequestParam Map<String, String> form, Model model, HttpServletResponse response, RedirectAttributes flash) {
        // the response version the form started from: an answer saved by someone else since is not overwritten
        return act(reference, model, "decision-ACCEPTED", flash, "The police response is sent. The panel has been told.", () -> {
            List<Recommendations.Action> actions = new ArrayList<>();
            for (int i = 1; i <= ACTION_ROWS; i++) {
                String action = form.getOrDefault("action" + i, "").strip();
                String due = form.getOrDefault("due" + i, "").strip();
                if (action.isEmpty() && due.isEmpty()) {
                    continue;
                }
                if (action.isEmpty()) {
                    throw new IllegalArgumentException("Describe action " + i + " of the plan, or clear its date");
                }
                actions.add(new Recommendations.Action(action, date(due, "Enter the date of action " + i
                        + " as a date such as 2027-01-31")));
            }
            try {
                recommendations.respond(reference, decision, reasons, actions, responseVersion, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @PostMapping("/{reference}/implemented")
    @PreAuthorize("hasRole('POLICE_LIAISON')")
    String implemented(@PathVariable String reference, @RequestParam(defaultValue = "") String note, Model model,
                       RedirectAttributes flash) {
        return act(reference, model, "note", flash, "Reported implemented. The panel has been told.", () ->
                recommendations.reportImplemented(reference, note, Actor.current()));
    }

    @PostMapping("/{reference}/close")
    @PreAuthorize("hasRole('CHAIR')")
    String close(@PathVariable String reference, @RequestParam(defaultValue = "") String reason, Model model,
                 RedirectAttributes flash) {
        return act(reference, model, "reason", flash, "The recommendation is closed.", () ->
                recommendations.close(reference, reason, Actor.current()));
    }

    /** Does the action and goes back to the recommendation with {@code confirmation} at the top, or shows the problem. */
    private String act(String reference, Model model, String field, RedirectAttributes flash, String confirmation,
                       Runnable action) {
        if (recommendations.find(reference, Actor.current()).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            action.run();
            flash.addFlashAttribute("confirmation", confirmation);
            return "redirect:/panel/recommendations/" + reference;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return show(reference, model);
        }
    }

    private static LocalDate date(String text, String message) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(message);
        }
    }
}
