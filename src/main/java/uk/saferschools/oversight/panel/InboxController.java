package uk.saferschools.oversight.panel;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import uk.saferschools.oversight.audit.Actor;

/** Each signed-in person's inbox of what changed. */
@Controller
@PreAuthorize("isAuthenticated()")
class InboxController {

    private final Notifications notifications;

    InboxController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/inbox")
    String inbox(Model model) {
        model.addAttribute("notifications", notifications.inbox(Actor.current().name()));
        return "panel/inbox";
    }

    @PostMapping("/inbox/read")
    String read() {
        notifications.markAllRead(Actor.current().name());
        return "redirect:/inbox";
    }
}
