package uk.saferschools.oversight.panel;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
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
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.web.LondonTime;

/** Meetings for the panel: the secretariat arranges them, records attendance and minutes; the chair approves the minutes. */
@Controller
@RequestMapping("/panel/meetings")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
class MeetingsController {

    private final Meetings meetings;
    private final Members members;
    private final Papers papers;

    MeetingsController(Meetings meetings, Members members, Papers papers) {
        this.meetings = meetings;
        this.members = members;
        this.papers = papers;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("meetings", meetings.all(Actor.current()));
        return "panel/meetings";
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String arrange(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String date,
                   @RequestParam(defaultValue = "") String time, @RequestParam(defaultValue = "") String place,
                   @RequestParam(defaultValue = "false") boolean online, Model model, RedirectAttributes flash) {
        try {
            LocalDateTime startsAt;
            try {
                startsAt = LocalDate.parse(date.strip()).atTime(LocalTime.parse(time.strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Enter the date and time of the meeting, such as 2027-03-12 and 18:00");
            }
            long id = meetings.arrange(title, startsAt, place, online, Actor.current());
            flash.addFlashAttribute("confirmation", "Meeting arranged. Its agenda starts with the open recommendations.");
            return "redirect:/panel/meetings/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            return list(model);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        Meetings.Meeting meeting = meetings.find(id, Actor.current())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("meeting", meeting);
        model.addAttribute("serving", members.servingOn(meeting.startsAt().atZone(LondonTime.LONDON).toLocalDate(), false));
        model.addAttribute("papers", papers.list(id, Actor.current()));
        return "panel/meeting";
    }

    @PostMapping("/{id}/agenda")
    @PreAuthorize("hasAnyRole('CHAIR', 'SECRETARIAT')")
    String agenda(@PathVariable long id, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String theme, Model model, RedirectAttributes flash) {
        return act(id, model, "item", flash, "Agenda item added: " + title.strip(),
                () -> meetings.addAgendaItem(id, title, theme, Actor.current()));
    }

    @PostMapping("/{id}/papers")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    String paper(@PathVariable long id, @RequestParam(defaultValue = "") String title,
                 @RequestParam(name = "file", required = false) MultipartFile file,
                 @RequestParam(required = false) Long agendaItem, Model model, RedirectAttributes flash) {
        // the size is checked before the file is read, and the file is read no further than the limit; a form
        // that is not multipart (no page of ours sends one) has no file, and is sent back with "Choose a file"
        String item = agendaItem == null ? "" : meetings.find(id, Actor.current()).flatMap(m -> m.agenda().stream()
                .filter(a -> a.id() == agendaItem).findFirst()).map(a -> ", for agenda item " + a.position()).orElse("");
        return act(id, model, "paper-title", flash, "Paper added: " + title.strip() + item, () ->
                papers.add(title, file == null ? null : file.getOriginalFilename(), file == null ? 0 : file.getSize(), file, id,
                        agendaItem, Actor.current()));
    }

    @PostMapping("/{id}/attendance")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String attendance(@PathVariable long id, @RequestParam long member, @RequestParam(defaultValue = "") String status,
                      Model model, RedirectAttributes flash) {
        String view = act(id, model, "status-" + member, flash, null,
                () -> meetings.recordAttendance(id, member, status, Actor.current()));
        if (!view.startsWith("redirect:")) {
            return view;
        }
        // back to the attendance, not the top of the page: the next button is where the last one was
        String name = members.all(false).stream().filter(m -> m.id() == member).map(Members.Member::name).findFirst()
                .orElse("Member " + member);
        flash.addFlashAttribute("attendanceConfirmation", name + ": " + ("PRESENT".equals(status) ? "present" : "apologies"));
        return view + "#attendance";
    }

    @PostMapping("/{id}/minutes")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String minutes(@PathVariable long id, @RequestParam(defaultValue = "") String body, Model model,
                   RedirectAttributes flash) {
        return act(id, model, "minutes", flash, "Draft minutes saved. The chair can now approve them.", () ->
                meetings.writeMinutes(id, body, Actor.current()));
    }

    @PostMapping("/{id}/minutes/approve")
    @PreAuthorize("hasRole('CHAIR')")
    String approve(@PathVariable long id, @RequestParam(defaultValue = "0") int version, Model model,
                   HttpServletResponse response, RedirectAttributes flash) {
        // the version the chair read, from the form: a newer one saved since is refused, not approved unread
        return act(id, model, "minutes", flash, "Minutes approved. The secretariat can now publish them.", () -> {
            try {
                meetings.approveMinutes(id, version, Actor.current());
            } catch (ChangedSinceOpenedException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @PostMapping("/{id}/minutes/publish")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String publish(@PathVariable long id, Model model, RedirectAttributes flash) {
        return act(id, model, "minutes", flash, "Minutes published. They are on the public page of the meeting.", () ->
                meetings.publishMinutes(id, Actor.current()));
    }

    /** Does the action and goes back to the meeting with {@code confirmation} at the top, or shows the problem. */
    private String act(long id, Model model, String field, RedirectAttributes flash, String confirmation, Runnable action) {
        if (meetings.find(id, Actor.current()).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            action.run();
            if (confirmation != null) {
                flash.addFlashAttribute("confirmation", confirmation);
            }
            return "redirect:/panel/meetings/" + id;
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return show(id, model);
        }
    }
}
