package uk.saferschools.oversight.audit;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The auditor's view of the trail: list, filter, and check the chain. */
@Controller
@RequestMapping("/audit")
@PreAuthorize("hasRole('AUDITOR')")
class AuditTrailController {

    static final int PAGE_SIZE = 50;

    private final AuditTrail auditTrail;

    AuditTrailController(AuditTrail auditTrail) {
        this.auditTrail = auditTrail;
    }

    @GetMapping
    String entries(@ModelAttribute("filter") AuditFilter filter, @RequestParam(defaultValue = "1") int page,
                   Model model) {
        model.addAttribute("result", auditTrail.find(filter, page, PAGE_SIZE));
        model.addAttribute("actions", auditTrail.actions());
        return "audit/entries";
    }

    @PostMapping("/verification")
    String verify(Model model) {
        ChainVerification verification = auditTrail.verify();
        auditTrail.record("AUDIT_TRAIL_VERIFIED", "audit trail", null, verification.summary());
        model.addAttribute("verification", verification);
        return "audit/verification";
    }
}
