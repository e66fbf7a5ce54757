package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
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

/**
 * The secretariat publishes kept analyses (answering an analyst's proposal, or without one), declines
 * proposals with reasons, and keeps the publication schedule.
 */
@Controller
@RequestMapping("/manage")
@PreAuthorize("hasRole('SECRETARIAT')")
class ManagingPublicationController {

    private final Publications publications;
    private final PublicationProposals proposals;

    ManagingPublicationController(Publications publications, PublicationProposals proposals) {
        this.publications = publications;
        this.proposals = proposals;
    }

    /** What waits for the secretariat: proposals to decide, and the publications with the schedule they fulfil. */
    @GetMapping("/publications")
    String publications(Model model) {
        List<Publications.ScheduleItem> schedule = publications.schedule();
        model.addAttribute("proposals", proposals.open());
        List<Publications.Publication> published = publications.published();
        model.addAttribute("publications", published);
        model.addAttribute("periods", published.stream().collect(Collectors.toMap(Publications.Publication::id, p -> {
            PublishedPeriod period = publications.tables(p).period();
            return period == null ? p.periodFrom() + " to " + p.periodTo() : period.withGaps();
        })));
        model.addAttribute("fulfilled", schedule.stream().filter(s -> s.publicationId() != null)
                .collect(Collectors.toMap(Publications.ScheduleItem::publicationId, s -> s, (a, b) -> a)));
        model.addAttribute("open", schedule.stream().filter(s -> s.publicationId() == null).toList());
        return "publication/manage-publications";
    }

    @PostMapping("/publications")
    String publish(@RequestParam long snapshot, @RequestParam(defaultValue = "") String title,
                   @RequestParam(defaultValue = "") String summary, @RequestParam(required = false) Long schedule,
                   RedirectAttributes redirect) {
        long publication;
        try {
            // refused, with the reason, for a period that is not a fixed one or one that would open a hole in another publication
            publication = publications.publish(snapshot, title, summary, schedule, Actor.current());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("publishError", e.getMessage());
            return "redirect:/analysis/" + snapshot;
        }
        return "redirect:/publications/" + publication;
    }

    /** A publication fulfils an item of the schedule, which /schedule then shows as done. */
    @PostMapping("/publications/{id}/schedule")
    String fulfil(@PathVariable long id, @RequestParam(required = false) Long schedule, RedirectAttributes redirect) {
        try {
            if (schedule == null) {
                throw new IllegalArgumentException("Choose the item of the schedule this publication fulfils");
            }
            publications.fulfil(schedule, id, Actor.current());
            redirect.addFlashAttribute("confirmation", "The schedule now shows the item as published");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("errorPublication", id);
        }
        return "redirect:/manage/publications";
    }

    @PostMapping("/proposals/{id}/decline")
    String decline(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        PublicationProposals.Proposal proposal = proposals.byId(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        try {
            proposals.decline(id, reason, Actor.current());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("declineError", e.getMessage());
        }
        return "redirect:/analysis/" + proposal.snapshotId();
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
