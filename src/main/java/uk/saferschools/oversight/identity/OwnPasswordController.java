package uk.saferschools.oversight.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/**
 * Anyone signed in changes their own password; someone whose password was issued to them must, before
 * anything else (see {@link AccountStandingFilter}).
 */
@Controller
@RequestMapping("/account/password")
@PreAuthorize("isAuthenticated()")
class OwnPasswordController {

    private final AccountAdministration administration;

    OwnPasswordController(AccountAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    String form(Model model) {
        mustChange(model);
        return "identity/change-password";
    }

    @PostMapping
    String change(@RequestParam String currentPassword, @RequestParam String newPassword,
                  @RequestParam String confirmPassword, HttpServletRequest request, Model model,
                  RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            return refused(model, "Enter the same new password twice");
        }
        HttpSession session = request.getSession(false);
        try {
            administration.changeOwnPassword(Actor.current(), currentPassword, newPassword, request.getRemoteAddr(),
                    session == null ? null : session.getId());
        } catch (AccountAdministration.RefusedException refused) {
            return refused(model, refused.getMessage());
        }
        // Every other session of the account has ended. This one goes on, under a new id, so that a copy of
        // its old cookie (the reason for the change, perhaps) is worth nothing either.
        if (session != null) {
            request.changeSessionId();
        }
        redirect.addFlashAttribute("notice", "Your password has been changed");
        return "redirect:/";
    }

    private String refused(Model model, String message) {
        model.addAttribute("error", message);
        mustChange(model);
        return "identity/change-password";
    }

    private void mustChange(Model model) {
        model.addAttribute("mustChange", administration.passwordMustChange(Actor.current().name()));
    }
}
