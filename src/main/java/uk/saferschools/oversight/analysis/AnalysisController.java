package uk.saferschools.oversight.analysis;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;

/**
 * Analysis snapshots: analysts run an analysis over the imported records and keep it; the panel reads
 * the kept snapshots (aggregates only, never a record).
 */
@Controller
@RequestMapping("/analysis")
@PreAuthorize("hasAnyRole('ANALYST', 'PANEL_MEMBER', 'SECRETARIAT')")
class AnalysisController {

    private final AnalysisSnapshots snapshots;
    private final AnalysisRuns runs;
    private final AuditTrail auditTrail;

    AnalysisController(AnalysisSnapshots snapshots, AnalysisRuns runs, AuditTrail auditTrail) {
        this.snapshots = snapshots;
        this.runs = runs;
        this.auditTrail = auditTrail;
    }

    /** What the analysis form holds: the analyst's choices, kept when the form comes back with a problem. */
    record Form(String title, boolean childrenOnly, Children.Ages ages, String ethnicity, boolean byBorough, EthnicGroup reference,
                String force, String from, String to) {
    }

    /** A month the form offers: "2022-06", "June 2022", and whether any force has records for it. */
    record MonthChoice(String value, String label, boolean held) {
    }

    @GetMapping
    String list(Model model) {
        return list(model, null);
    }

    private String list(Model model, Form form) {
        model.addAttribute("snapshots", snapshots.all());
        model.addAttribute("groups", EthnicGroup.values());
        model.addAttribute("ageChoices", Children.Ages.values());
        model.addAttribute("defaultAges", Children.Ages.DEFAULT);
        Map<String, List<YearMonth>> held = snapshots.monthsHeld();
        model.addAttribute("forces", held.keySet());
        String force = form != null && held.containsKey(form.force()) ? form.force()
                : held.isEmpty() ? "" : held.keySet().iterator().next();
        List<YearMonth> ofForce = held.getOrDefault(force, List.of());
        List<MonthChoice> months = new ArrayList<>();
        TreeSet<YearMonth> any = new TreeSet<>();
        held.values().forEach(any::addAll);
        if (!any.isEmpty()) {
            for (YearMonth m = any.first(); !m.isAfter(any.last()); m = m.plusMonths(1)) {
                months.add(new MonthChoice(m.toString(), AnalysisPeriod.months(List.of(m)), any.contains(m)));
            }
        }
        model.addAttribute("months", months);
        model.addAttribute("monthsHeld", held.entrySet().stream().map(e -> new String[] {e.getKey(),
                AnalysisPeriod.of(e.getKey(), e.getValue().get(0), e.getValue().get(e.getValue().size() - 1), e.getValue())
                        .monthsHeldText()}).toList());
        model.addAttribute("form", form != null ? form : new Form("", true, Children.Ages.DEFAULT, "self", false, EthnicGroup.WHITE, force,
                ofForce.isEmpty() ? "" : ofForce.get(0).toString(), ofForce.isEmpty() ? "" : ofForce.get(ofForce.size() - 1).toString()));
        return "analysis/snapshots";
    }

    @PostMapping
    @PreAuthorize("hasRole('ANALYST')")
    String run(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "false") boolean childrenOnly,
               @RequestParam(defaultValue = "") String ages,
               @RequestParam(defaultValue = "self") String ethnicity, @RequestParam(defaultValue = "false") boolean byBorough,
               @RequestParam(defaultValue = "WHITE") EthnicGroup reference, @RequestParam(defaultValue = "") String force,
               @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to, Model model) {
        String chosenEthnicity = "officer".equals(ethnicity) ? "officer" : "self";
        Children.Ages chosenAges = Children.Ages.ofOption(ages).orElse(Children.Ages.DEFAULT);
        Form form = new Form(title, childrenOnly, chosenAges, chosenEthnicity, byBorough, reference, force, from, to);
        if (title.isBlank()) {
            return problem(model, form, "title", "Enter a title for the snapshot, so that others can cite it");
        }
        YearMonth first;
        YearMonth last;
        try {
            first = from.isBlank() ? null : YearMonth.parse(from.strip());
        } catch (DateTimeParseException e) {
            return problem(model, form, "from", "Choose the first month of the period from the list");
        }
        try {
            last = to.isBlank() ? null : YearMonth.parse(to.strip());
        } catch (DateTimeParseException e) {
            return problem(model, form, "to", "Choose the last month of the period from the list");
        }
        Settings settings = new Settings(childrenOnly, chosenAges, chosenEthnicity, byBorough, reference,
                force.isBlank() ? null : force.strip(), first, last);
        try {
            snapshots.period(settings);
        } catch (AnalysisSnapshots.ChoiceProblem e) {
            return problem(model, form, e.field(), e.getMessage());
        }
        AnalysisRuns.Run run = runs.start(title.trim(), settings, Actor.current());
        return "redirect:/analysis/runs/" + run.id();
    }

    private String problem(Model model, Form form, String field, String message) {
        model.addAttribute("error", message);
        model.addAttribute("errorField", field);
        return list(model, form);
    }

    /** A run in progress: its stage; once kept, the snapshot itself. Made from one reading of the run. */
    @GetMapping("/runs/{id}")
    @PreAuthorize("hasRole('ANALYST')")
    String run(@PathVariable String id, Model model) {
        AnalysisRuns.Run run = runs.run(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (run.snapshotId() != null) {
            return "redirect:/analysis/" + run.snapshotId();
        }
        model.addAttribute("run", run);
        return "analysis/run";
    }

    /** For the page's script: the stage without reloading the page. */
    @GetMapping(value = "/runs/{id}/progress", produces = "application/json")
    @PreAuthorize("hasRole('ANALYST')")
    @ResponseBody
    Map<String, Object> runProgress(@PathVariable String id) {
        AnalysisRuns.Run run = runs.run(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return Map.of("message", run.progress(), "finished", run.finished());
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("snapshot", snapshot);
        SnapshotFindings findings = snapshot.findings();
        List<String[]> rows = new ArrayList<>();
        for (RateRow r : findings.rows()) {
            rows.add(new String[] {findings.areaName(r.areaCode()), findings.areaNamed(r.areaCode()) ? r.areaCode() : "", r.group(),
                    whole((double) r.events()), whole(r.population()), two(r.ratePerThousand()), two(r.rateRatio()),
                    r.ciLower() == null ? "–" : two(r.ciLower()) + " to " + two(r.ciUpper()), r.reliability()});
        }
        model.addAttribute("rows", rows);
        model.addAttribute("records", String.format(Locale.UK, "%,d", snapshot.records()));
        return "analysis/snapshot";
    }

    /** Two decimal places for reading; rates.csv keeps full precision. */
    private static String two(Double value) {
        return value == null ? "–" : String.format(Locale.UK, "%.2f", value);
    }

    /** A count with thousands separators: 436,150. */
    private static String whole(Double value) {
        return value == null ? "–" : String.format(Locale.UK, "%,.0f", value);
    }

    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    /**
     * Each file of a snapshot; every download is recorded in the audit trail (who, which snapshot, which
     * file). The report opens in the browser, as HTML or as PDF; the data files are downloaded.
     */
    @GetMapping("/{id}/{file:rates\\.csv|results\\.json|report\\.html|report\\.pdf}")
    ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable String file, HttpServletRequest request) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        auditTrail.record(Actor.current(), "ANALYSIS_SNAPSHOT_DOWNLOADED", "analysis:" + id, null, file + " of " + snapshot.title());
        String name = "analysis-" + id + "-" + file;
        return switch (file) {
            case "rates.csv" -> ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                    .body(snapshot.ratesCsv().getBytes(StandardCharsets.UTF_8));
            case "results.json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                    .body(snapshot.resultsJson().getBytes(StandardCharsets.UTF_8));
            case "report.pdf" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"")
                    .body(PrintedPages.print(snapshot.reportHtml(), request.getRequestURL().toString()));
            default -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"")
                    .header("Content-Security-Policy", reportPolicy(snapshot.reportHtml()))
                    .body(snapshot.reportHtml().getBytes(StandardCharsets.UTF_8));
        };
    }

    /**
     * The report is a document with no script: nothing may load or run in it but its own style sheet,
     * allowed by its hash, and images given inline.
     */
    static String reportPolicy(String html) {
        StringBuilder styles = new StringBuilder();
        Matcher style = STYLE.matcher(html);
        while (style.find()) {
            try {
                styles.append(" 'sha256-").append(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(style.group(1).getBytes(StandardCharsets.UTF_8)))).append('\'');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return "default-src 'none'; style-src" + (styles.isEmpty() ? " 'none'" : styles) + "; img-src data:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
