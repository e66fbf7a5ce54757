package uk.saferschools.oversight.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** The administrator's pages: create and disable accounts, grant and revoke roles, reset passwords. */
@Controller
@RequestMapping("/admin/accounts")
@PreAuthorize("hasRole('ADMINISTRATOR')")
class AccountsController {

    private final Accounts accounts;
    private final AccountAdministration administration;

    AccountsController(Accounts accounts, AccountAdministration administration) {
        this.accounts = accounts;
        this.administration = administration;
    }

    /** What the new-account form sends. */
    record NewAccount(
            @NotBlank(message = "Enter a username")
            @Size(max = 100, message = "Enter a username of 100 characters or fewer")
            @Pattern(regexp = "[A-Za-z0-9._@-]*", message = "Enter a username using only letters, numbers, dots, hyphens, underscores and @")
            String username,
            @NotBlank(message = "Enter the person’s name")
            @Size(max = 200, message = "Enter a name of 200 characters or fewer")
            String displayName,
            Set<Role> roles) {

        Set<Role> rolesOrNone() {
            return roles == null || roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("accounts", accounts.all());
        model.addAttribute("now", Instant.now());
        return "identity/accounts";
    }

    @GetMapping("/new")
    String newAccount(Model model) {
        model.addAttribute("account", new NewAccount("", "", EnumSet.noneOf(Role.class)));
        model.addAttribute("roles", Role.assignable());
        return "identity/new-account";
    }

    @PostMapping
    String create(@Valid @ModelAttribute("account") NewAccount form, BindingResult errors, Model model,
                  RedirectAttributes redirect) {
        if (!errors.hasErrors() && accounts.byUsername(form.username().trim()).isPresent()) {
            errors.rejectValue("username", "taken", "An account with this username already exists");
        }
        if (errors.hasErrors()) {
            model.addAttribute("roles", Role.assignable());
            return "identity/new-account";
        }
        String password = Passwords.generate();
        long id = administration.create(Actor.current(), form.username().trim(), form.displayName().trim(),
                form.rolesOrNone(), password, false, true);
        redirect.addFlashAttribute("issuedPassword", password);
        redirect.addFlashAttribute("notice", "Account created");
        return "redirect:/admin/accounts/" + id;
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        Account account = accounts.byId(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No such account"));
        model.addAttribute("account", account);
        model.addAttribute("roles", Role.assignable());
        model.addAttribute("roleHistory", accounts.roleHistory(id));
        model.addAttribute("statusHistory", accounts.statusHistory(id));
        model.addAttribute("locked", account.lockedAt(Instant.now()));
        model.addAttribute("email", administration.email(id));
        return "identity/account";
    }

    @PostMapping("/{id}/roles")
    String changeRoles(@PathVariable long id, @RequestParam(name = "roles", required = false) Set<Role> roles,
                       RedirectAttributes redirect) {
        return act(id, redirect, "Roles saved",
                () -> administration.changeRoles(Actor.current(), id, roles == null || roles.isEmpty()
                        ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles)));
    }

    @PostMapping("/{id}/email")
    String setEmail(@PathVariable long id, @RequestParam(defaultValue = "") String email, RedirectAttributes redirect) {
        return act(id, redirect, "Email address saved", () -> administration.setEmail(Actor.current(), id, email));
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        return act(id, redirect, "Account disabled", () -> administration.disable(Actor.current(), id, reason.trim()));
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        return act(id, redirect, "Account enabled", () -> administration.enable(Actor.current(), id, reason.trim()));
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "Account unlocked", () -> administration.unlock(Actor.current(), id));
    }

    @PostMapping("/{id}/password")
    String resetPassword(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "New password issued", () -> redirect.addFlashAttribute("issuedPassword",
                administration.resetPassword(Actor.current(), id)));
    }

    private String act(long id, RedirectAttributes redirect, String notice, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (AccountAdministration.RefusedException refused) {
            redirect.addFlashAttribute("refusal", refused.getMessage());
        }
        return "redirect:/admin/accounts/" + id;
    }
}
