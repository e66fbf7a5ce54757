package uk.saferschools.oversight.panel;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
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

/** Requests to speak to MPS staff: the panel asks, the police liaison answers, the secretariat minutes. */
@Controller
@RequestMapping("/panel/requests-to-speak")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT', 'POLICE_LIAISON')")
class RequestsToSpeakController {

    private final RequestsToSpeak requests;

    RequestsToSpeakController(RequestsToSpeak requests) {
        this.requests = requests;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("requests", requests.all(Actor.current()));
        return "panel/requests-to-speak";
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String request(@RequestParam(defaultValue = "") String staff, @RequestParam(defaultValue = "") String purpose, Model model,
                   RedirectAttributes flash) {
        return act(model, "staff", flash, "Request sent to the police liaison.", () -> requests.request(staff, purpose, Actor.current()));
    }

    @PostMapping("/{id}/schedule")
    @PreAuthorize("hasRole('POLICE_LIAISON')")
    String schedule(@PathVariable long id, @RequestParam(defaultValue = "") String date, @RequestParam(defaultValue = "") String time,
                    @RequestParam(defaultValue = "") String note, Model model, RedirectAttributes flash) {
        return act(model, "date-" + id, flash, "Meeting with the member of staff scheduled. The panel has been told.", () -> {
            try {
                requests.schedule(id, LocalDate.parse(date.strip()).atTime(LocalTime.parse(time.strip())), note, Actor.current());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Enter the date and time, such as 2027-03-12 and 16:00");
            }
        });
    }

    @PostMapping("/{id}/decline")
    @PreAuthorize("hasRole('POLICE_LIAISON')")
    String decline(@PathVariable long id, @RequestParam(defaultValue = "") String reasons, Model model,
                   RedirectAttributes flash) {
        return act(model, "reasons-" + id, flash, "Request declined, with the reasons.", () -> requests.decline(id, reasons, Actor.current()));
    }

    @PostMapping("/{id}/outcome")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String outcome(@PathVariable long id, @RequestParam(defaultValue = "") String outcome, Model model,
                   RedirectAttributes flash) {
        return act(model, "outcome-" + id, flash, "Outcome minuted.", () -> requests.minute(id, outcome, Actor.current()));
    }

    private String act(Model model, String field, RedirectAttributes flash, String confirmation, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("confirmation", confirmation);
            return "redirect:/panel/requests-to-speak";
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return list(model);
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
