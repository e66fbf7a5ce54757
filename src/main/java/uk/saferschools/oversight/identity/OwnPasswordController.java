package uk.saferschools.oversight.identity;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** Anyone signed in changes their own password. */
@Controller
@RequestMapping("/account/password")
@PreAuthorize("isAuthenticated()")
class OwnPasswordController {

    private final AccountAdministration administration;

    OwnPasswordController(AccountAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    String form() {
        return "identity/change-password";
    }

    @PostMapping
    String change(@RequestParam String currentPassword, @RequestParam String newPassword,
                  @RequestParam String confirmPassword, Model model, RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            model.addAttribute("error", "Enter the same new password twice");
            return "identity/change-password";
        }
        try {
            administration.changeOwnPassword(Actor.current(), currentPassword, newPassword);
        } catch (AccountAdministration.RefusedException refused) {
            model.addAttribute("error", refused.getMessage());
            return "identity/change-password";
        }
        redirect.addFlashAttribute("notice", "Your password has been changed");
        return "redirect:/";
    }
}
