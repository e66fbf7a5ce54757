package uk.saferschools.oversight.records;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** The analyst's page: upload police.uk files, watch them import, see coverage and validation reports. */
@Controller
@RequestMapping("/records/imports")
@PreAuthorize("hasRole('ANALYST')")
class RecordImportsController {

    private final BackgroundImports background;
    private final ImportHistory history;
    private final ImportReports reports;
    private final RecordUploads uploads;

    RecordImportsController(BackgroundImports background, ImportHistory history, ImportReports reports,
                            RecordUploads uploads) {
        this.background = background;
        this.history = history;
        this.reports = reports;
        this.uploads = uploads;
    }

    @GetMapping
    String imports(Model model) {
        model.addAttribute("history", history.recent(100));
        model.addAttribute("coverage", history.coverage());
        return "records/imports";
    }

    /**
     * The upload, read from the request body as a stream (see {@link RecordUploads}): a record file may be
     * far larger than any other upload. The form posts multipart, as any browser can without script.
     */
    @PostMapping
    String upload(HttpServletRequest request, RedirectAttributes redirect) throws IOException {
        RecordUploads.Received received = uploads.receive(request);
        if (received.problem() != null) {
            redirect.addFlashAttribute("error", received.problem());
            return "redirect:/records/imports";
        }
        ImportOptions options = ImportOptions.by(Actor.current());
        BackgroundImports.Job job = background.start(received.file(), received.name(),
                received.quarantineInvalid() ? options.quarantiningInvalidRows() : options);
        return "redirect:/records/imports/jobs/" + job.id();
    }

    /** An import's page, made from one reading of the job. */
    @GetMapping("/jobs/{id}")
    String job(@PathVariable String id, Model model) {
        model.addAttribute("job", background.job(id, Actor.current())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "records/job";
    }

    /** For the page's script: progress without reloading the page. */
    @GetMapping(value = "/jobs/{id}/progress", produces = "application/json")
    @ResponseBody
    Map<String, Object> progress(@PathVariable String id) {
        BackgroundImports.Job job = background.job(id, Actor.current())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return Map.of("percent", job.percent(), "rows", job.rows(), "finished", job.finished(), "message", job.progress());
    }

    @GetMapping("/{id}")
    String batch(@PathVariable long id, Model model) {
        model.addAttribute("entry", history.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("problems", history.problems(id, 100));
        model.addAttribute("problemsKept", history.problemsKept(id));
        return "records/batch";
    }

    @GetMapping("/{id}/report.csv")
    void report(@PathVariable long id, HttpServletResponse response) throws IOException {
        ImportHistory.Entry entry = history.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + entry.id() + "-problems.csv\"");
        reports.download(id, Actor.current(), new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }
}
