package uk.saferschools.oversight.panel;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** The member list for the panel; the secretariat keeps it, with declarations of interest. */
@Controller
@RequestMapping("/panel/members")
@PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
class MembersController {

    private final Members members;

    MembersController(Members members) {
        this.members = members;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("members", members.all(false));
        model.addAttribute("organisations", members.organisations());
        model.addAttribute("organisationTypes", Members.OrganisationType.values());
        model.addAttribute("memberRoles", Members.MemberRole.values());
        return "panel/members";
    }

    @PostMapping("/organisations")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String organisation(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) Members.OrganisationType type,
                        Model model, RedirectAttributes flash) {
        return act(model, "organisation-name", flash, "Organisation added: " + name.strip(), () ->
                members.addOrganisation(name, type, Actor.current()));
    }

    @PostMapping
    @PreAuthorize("hasRole('SECRETARIAT')")
    String member(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "0") long organisation,
                  @RequestParam(required = false) Members.MemberRole role, @RequestParam(defaultValue = "") String termFrom,
                  @RequestParam(defaultValue = "") String termTo, @RequestParam(defaultValue = "") String confidentiality,
                  Model model, RedirectAttributes flash) {
        return act(model, "member-name", flash, "Member added: " + name.strip(), () ->
                members.addMember(name, organisation, role, date(termFrom, "the term starts", true),
                date(termTo, "the term ends", false), date(confidentiality, "the confidentiality agreement was signed", false),
                Actor.current()));
    }

    @PostMapping("/{id}/declarations")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String declare(@PathVariable long id, @RequestParam(defaultValue = "") String text,
                   @RequestParam(defaultValue = "") String declaredOn, Model model, RedirectAttributes flash) {
        return act(model, "declaration-" + id, flash, "Declaration recorded. It is public once confirmed.", () ->
                members.declare(id, text, date(declaredOn, "the declaration was made", true),
                Actor.current()));
    }

    @PostMapping("/{id}/declarations/confirm")
    @PreAuthorize("hasAnyRole('SECRETARIAT', 'CHAIR')")
    String confirm(@PathVariable long id, Model model, RedirectAttributes flash) {
        return act(model, "declaration-" + id, flash, "Declaration confirmed. It is now on the public list of members.", () ->
                members.confirmLatestDeclaration(id, Actor.current()));
    }

    private String act(Model model, String field, RedirectAttributes flash, String confirmation, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("confirmation", confirmation);
            return "redirect:/panel/members";
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", field);
            return list(model);
        }
    }

    private static LocalDate date(String text, String what, boolean required) {
        if (text.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("Enter the date " + what + ", such as 2027-01-31");
            }
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Enter the date " + what + " as a date such as 2027-01-31");
        }
    }
}
