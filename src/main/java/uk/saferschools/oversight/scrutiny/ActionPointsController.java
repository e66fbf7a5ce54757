package uk.saferschools.oversight.scrutiny;

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
import uk.saferschools.oversight.identity.Roles;

/**
 * Action points from body-worn video reviews: the chair or secretariat raises them from a session, the police
 * liaison answers in their own field (and may suggest closing), the chair closes. The police see no score here.
 */
@Controller
@RequestMapping("/panel/scrutiny/action-points")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT', 'POLICE_LIAISON')")
class ActionPointsController {

    private final ActionPoints actionPoints;

    ActionPointsController(ActionPoints actionPoints) {
        this.actionPoints = actionPoints;
    }

    @GetMapping
    String list(Model model) {
        Actor who = Actor.current();
        model.addAttribute("points", actionPoints.all(who));
        model.addAttribute("police", Roles.police(who));
        model.addAttribute("chair", Roles.chair(who));
        return "scrutiny/action-points";
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String raise(@RequestParam long session, @RequestParam(defaultValue = "") String position, @RequestParam(defaultValue = "") String text,
                 RedirectAttributes flash) {
        try {
            Integer about = position.isBlank() ? null : Integer.valueOf(position.strip());
            actionPoints.raise(session, about, text, Actor.current());
            flash.addFlashAttribute("confirmation", "Action point raised. The police liaison will answer it.");
        } catch (NumberFormatException e) {
            flash.addFlashAttribute("error", "Choose the encounter the action point is about, or none");
            flash.addFlashAttribute("field", "ap-position");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("field", "ap-text");
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/panel/scrutiny/sessions/" + session;
    }

    @PostMapping("/{id}/answer")
    @PreAuthorize("hasRole('POLICE_LIAISON')")
    String answer(@PathVariable long id, @RequestParam(defaultValue = "") String answer, @RequestParam(defaultValue = "") String suggestClose,
                  @RequestParam(defaultValue = "0") int version, Model model, RedirectAttributes flash) {
        return act(model, flash, "answer-" + id, () -> {
            ActionPoints.Status s = actionPoints.answer(id, answer, "on".equals(suggestClose), version, Actor.current());
            return "Answer sent: " + s.label().toLowerCase(java.util.Locale.ROOT) + ".";
        });
    }

    @PostMapping("/{id}/close")
    @PreAuthorize("hasRole('CHAIR')")
    String close(@PathVariable long id, @RequestParam(defaultValue = "") String note, @RequestParam(defaultValue = "0") int version,
                 Model model, RedirectAttributes flash) {
        return act(model, flash, "note-" + id, () -> {
            actionPoints.close(id, note, version, Actor.current());
            return "Action point closed.";
        });
    }

    private String act(Model model, RedirectAttributes flash, String field, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("confirmation", action.get());
            return "redirect:/panel/scrutiny/action-points";
        } catch (IllegalArgumentException | ActionPoints.ChangedSinceReadException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return list(model);
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
