package uk.saferschools.oversight.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page. Spring Security handles the form post at the same address. */
@Controller
@PreAuthorize("permitAll()")
class SignInController {

    private final IdentityProperties properties;

    SignInController(IdentityProperties properties) {
        this.properties = properties;
    }

    /**
     * The address people guess, and Spring Security's own default: to the sign-in page, so that signing in
     * from it lands on a real page rather than on a saved request for "/login".
     */
    @GetMapping("/login")
    String login() {
        return "redirect:/sign-in";
    }

    @GetMapping("/sign-in")
    String signIn(HttpServletRequest request, Model model) {
        if (request.getParameter("error") != null) {
            // One message whatever the reason (wrong password, no such account, locked, disabled): the page
            // must not tell an outsider which names are accounts or what state they are in.
            model.addAttribute("error", "Enter a correct username and password. After "
                    + properties.signIn().maxFailures() + " wrong passwords in a row, sign-in from your connection is"
                    + " paused for " + properties.signIn().lockout().toMinutes() + " minutes. If your account may have"
                    + " been disabled, or you have forgotten your password, ask an administrator.");
        }
        model.addAttribute("signedOut", request.getParameter("signed-out") != null);
        return "identity/sign-in";
    }
}
