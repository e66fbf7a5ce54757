package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** The secretariat publishes kept analyses and keeps the publication schedule. */
@Controller
@RequestMapping("/manage")
@PreAuthorize("hasRole('SECRETARIAT')")
class ManagingPublicationController {

    private final Publications publications;

    ManagingPublicationController(Publications publications) {
        this.publications = publications;
    }

    @PostMapping("/publications")
    String publish(@RequestParam long snapshot, @RequestParam(defaultValue = "") String title,
                   @RequestParam(defaultValue = "") String summary, @RequestParam(required = false) Long schedule,
                   RedirectAttributes redirect) {
        try {
            return "redirect:/publications/" + publications.publish(snapshot, title, summary, schedule, Actor.current());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("publishError", e.getMessage());
            return "redirect:/analysis/" + snapshot;
        }
    }

    @PostMapping("/schedule")
    String schedule(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String description,
                    @RequestParam(defaultValue = "") String dueOn, RedirectAttributes redirect) {
        try {
            LocalDate due;
            try {
                due = LocalDate.parse(dueOn.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Enter the date it will be published by, such as 2027-03-31");
            }
            publications.schedule(title, description, due, Actor.current());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/schedule";
    }
}
