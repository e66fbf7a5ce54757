package uk.saferschools.oversight.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.web.server.ResponseStatusException;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.classification.EthnicGroup;

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

    @GetMapping
    String list(Model model) {
        model.addAttribute("snapshots", snapshots.all());
        model.addAttribute("groups", EthnicGroup.values());
        return "analysis/snapshots";
    }

    @PostMapping
    @PreAuthorize("hasRole('ANALYST')")
    String run(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "false") boolean childrenOnly,
               @RequestParam(defaultValue = "self") String ethnicity, @RequestParam(defaultValue = "false") boolean byBorough,
               @RequestParam(defaultValue = "WHITE") EthnicGroup reference, Model model) {
        if (title.isBlank()) {
            model.addAttribute("error", "Enter a title for the snapshot, so that others can cite it");
            return list(model);
        }
        AnalysisRuns.Run run = runs.start(title.trim(), new Settings(childrenOnly, "officer".equals(ethnicity) ? "officer" : "self",
                byBorough, reference), Actor.current());
        return "redirect:/analysis/runs/" + run.id();
    }

    /** A run in progress: its stage; once kept, the snapshot itself. */
    @GetMapping("/runs/{id}")
    @PreAuthorize("hasRole('ANALYST')")
    String run(@PathVariable String id, Model model) {
        AnalysisRuns.Run run = runs.run(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Long snapshot = run.snapshotId();
        if (snapshot != null) {
            return "redirect:/analysis/" + snapshot;
        }
        // read once: the run goes on in the background while the page is written
        model.addAttribute("run", run);
        model.addAttribute("failure", run.failure());
        model.addAttribute("progress", run.progress());
        return "analysis/run";
    }

    /** For the page's script: the stage without reloading the page. */
    @GetMapping(value = "/runs/{id}/progress", produces = "application/json")
    @PreAuthorize("hasRole('ANALYST')")
    @org.springframework.web.bind.annotation.ResponseBody
    java.util.Map<String, Object> runProgress(@PathVariable String id) {
        AnalysisRuns.Run run = runs.run(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return java.util.Map.of("message", run.progress(), "finished", run.finished());
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("snapshot", snapshot);
        List<String[]> rows = new ArrayList<>();
        snapshot.ratesCsv().lines().skip(1).forEach(line -> {
            String[] f = line.split(",", -1);
            rows.add(new String[] {f[0], f[1], f[2], f[3].isEmpty() ? "–" : f[3], two(f[4]), two(f[5]),
                    f[6].isEmpty() ? "–" : two(f[6]) + " to " + two(f[7]), f[8]});
        });
        model.addAttribute("rows", rows);
        return "analysis/snapshot";
    }

    /** Two decimal places for reading; rates.csv keeps full precision. */
    private static String two(String value) {
        return value.isEmpty() ? "–" : String.format(java.util.Locale.UK, "%.2f", Double.parseDouble(value));
    }

    /** Each file of a snapshot; every download is recorded in the audit trail (who, which snapshot, which file). */
    @GetMapping("/{id}/{file:rates\\.csv|results\\.json|report\\.html}")
    ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable String file) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        auditTrail.record(Actor.current(), "ANALYSIS_SNAPSHOT_DOWNLOADED", "analysis:" + id, null, file + " of " + snapshot.title());
        String body = switch (file) {
            case "rates.csv" -> snapshot.ratesCsv();
            case "results.json" -> snapshot.resultsJson();
            default -> snapshot.reportHtml();
        };
        MediaType type = file.endsWith(".csv") ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                : file.endsWith(".json") ? MediaType.APPLICATION_JSON : new MediaType("text", "html", StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"analysis-" + id + "-" + file + "\"")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }
}
