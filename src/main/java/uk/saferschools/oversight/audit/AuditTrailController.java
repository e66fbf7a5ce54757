package uk.saferschools.oversight.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
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
    String entries(@ModelAttribute("filter") AuditFilter filter, BindingResult binding,
                   @RequestParam(defaultValue = "1") int page, Model model, HttpServletRequest request) {
        if (binding.hasErrors()) {
            // a date that is not a date: the filter runs without it, and says so
            model.addAttribute("error", "Enter dates as year-month-day, for example 2026-11-01");
            model.addAttribute("field", binding.getFieldErrors().isEmpty() ? "from" : binding.getFieldErrors().get(0).getField());
            filter = new AuditFilter(request.getParameter("actor"), request.getParameter("action"), request.getParameter("subject"),
                    date(request.getParameter("from")), date(request.getParameter("to")));
            model.addAttribute("filter", filter);
        }
        model.addAttribute("result", auditTrail.find(filter, page, PAGE_SIZE));
        model.addAttribute("actions", auditTrail.actions());
        return "audit/entries";
    }

    private static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @PostMapping("/verification")
    String verify(Model model) {
        ChainVerification verification = auditTrail.verify();
        auditTrail.record("AUDIT_TRAIL_VERIFIED", "audit trail", null, verification.summary());
        model.addAttribute("verification", verification);
        return "audit/verification";
    }
}
