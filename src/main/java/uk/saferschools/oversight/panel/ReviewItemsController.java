package uk.saferschools.oversight.panel;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.Roles;

/** Review items for the panel, and the police liaison's comments on them. */
@Controller
@RequestMapping("/panel/review-items")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT', 'POLICE_LIAISON')")
class ReviewItemsController {

    private final ReviewItems items;
    private final Papers papers;
    private final AnalysisSnapshots snapshots;

    ReviewItemsController(ReviewItems items, Papers papers, AnalysisSnapshots snapshots) {
        this.items = items;
        this.papers = papers;
        this.snapshots = snapshots;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("items", items.all(Actor.current()));
        model.addAttribute("kinds", ReviewItems.Kind.values());
        return "panel/review-items";
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String create(@RequestParam(required = false) ReviewItems.Kind kind, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes flash) {
        try {
            long id = items.create(kind, title, description, Actor.current());
            flash.addFlashAttribute("confirmation", "Review item added.");
            return "redirect:/panel/review-items/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            return list(model);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("item", items.find(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("outcomes", ReviewItems.Outcome.values());
        model.addAttribute("snapshots", Roles.panel(Actor.current()) ? snapshots.all() : List.of());
        model.addAttribute("me", Actor.current().name());
        return "panel/review-item";
    }

    @PostMapping("/{id}/revise")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String revise(@PathVariable long id, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes flash) {
        return act(id, model, "revise-title", flash, "Saved as a new version.", () -> items.revise(id, title, description, Actor.current()));
    }

    @PostMapping("/{id}/comments")
    String comment(@PathVariable long id, @RequestParam(defaultValue = "") String body, Model model,
                   RedirectAttributes flash) {
        return act(id, model, "comment", flash, "Comment added.", () -> items.comment(id, body, Actor.current()));
    }

    @PostMapping("/{id}/evidence/paper")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String paper(@PathVariable long id, @RequestParam(defaultValue = "") String title, @RequestParam(name = "file", required = false) MultipartFile file,
                 Model model, RedirectAttributes flash) {
        // the size is checked before the file is read, and the file is read no further than the limit; a form
        // that is not multipart (no page of ours sends one) has no file, and is sent back with "Choose a file"
        return act(id, model, "paper-title", flash, "Paper added as evidence.", () -> {
            long paper = papers.add(title, file == null ? null : file.getOriginalFilename(), file == null ? 0 : file.getSize(),
                    file, null, null, Actor.current());
            items.addPaper(id, paper, Actor.current());
        });
    }

    @PostMapping("/{id}/evidence/snapshot")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String snapshot(@PathVariable long id, @RequestParam(defaultValue = "0") long snapshot, Model model,
                    RedirectAttributes flash) {
        return act(id, model, "snapshot", flash, "Analysis added as evidence.", () -> items.addSnapshot(id, snapshot, Actor.current()));
    }

    @PostMapping("/{id}/outcome")
    @PreAuthorize("hasRole('CHAIR')")
    String outcome(@PathVariable long id, @RequestParam(required = false) ReviewItems.Outcome outcome,
                   @RequestParam(defaultValue = "") String note, @RequestParam(defaultValue = "") String recommendation,
                   Model model, RedirectAttributes flash) {
        return act(id, model, "outcome-NOTED", flash, "The panel's decision is recorded.", () -> items.decide(id, outcome, note, recommendation, Actor.current()));
    }

    private String act(long id, Model model, String field, RedirectAttributes flash, String confirmation, Runnable action) {
        if (items.find(id, Actor.current()).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            action.run();
            flash.addFlashAttribute("confirmation", confirmation);
            return "redirect:/panel/review-items/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return show(id, model);
        }
    }
}
