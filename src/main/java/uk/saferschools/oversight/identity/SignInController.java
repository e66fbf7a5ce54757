package uk.saferschools.oversight.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
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

    @GetMapping("/sign-in")
    String signIn(HttpServletRequest request, Model model) {
        if (request.getParameter("error") != null) {
            HttpSession session = request.getSession(false);
            Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            String message;
            if (failure instanceof LockedException) {
                message = "This account is locked for " + properties.signIn().lockout().toMinutes()
                        + " minutes after too many failed sign-ins. Try again later, or ask an administrator to unlock it.";
            } else if (failure instanceof DisabledException) {
                message = "This account has been disabled. Ask an administrator if you need it again.";
            } else {
                message = "Enter a correct username and password. After " + properties.signIn().maxFailures()
                        + " wrong passwords in a row the account is locked for "
                        + properties.signIn().lockout().toMinutes() + " minutes.";
            }
            model.addAttribute("error", message);
        }
        model.addAttribute("signedOut", request.getParameter("signed-out") != null);
        return "identity/sign-in";
    }
}
