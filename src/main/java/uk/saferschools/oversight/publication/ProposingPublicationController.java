package uk.saferschools.oversight.publication;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** An analyst proposes a kept analysis for publication, from the analysis's page; the secretariat decides. */
@Controller
@PreAuthorize("hasRole('ANALYST')")
class ProposingPublicationController {

    private final PublicationProposals proposals;

    ProposingPublicationController(PublicationProposals proposals) {
        this.proposals = proposals;
    }

    @PostMapping("/analysis/{id}/propose")
    String propose(@PathVariable long id, @RequestParam(defaultValue = "") String title,
                   @RequestParam(defaultValue = "") String reasons, RedirectAttributes redirect) {
        try {
            proposals.propose(id, title, reasons, Actor.current());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("proposeError", e.getMessage());
            redirect.addFlashAttribute("proposeErrorField", title.isBlank() || title.strip().length() > 200
                    ? "propose-title" : "propose-reasons");
            redirect.addFlashAttribute("proposedTitle", title);
            redirect.addFlashAttribute("proposedReasons", reasons);
        }
        return "redirect:/analysis/" + id;
    }
}
