package uk.saferschools.oversight.records;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import uk.saferschools.oversight.audit.Actor;

/** The analyst's page: upload police.uk files, watch them import, see coverage and validation reports. */
@Controller
@RequestMapping("/records/imports")
@PreAuthorize("hasRole('ANALYST')")
class RecordImportsController {

    private final BackgroundImports background;
    private final ImportHistory history;
    private final ImportReports reports;

    RecordImportsController(BackgroundImports background, ImportHistory history, ImportReports reports) {
        this.background = background;
        this.history = history;
        this.reports = reports;
    }

    @GetMapping
    String imports(Model model) {
        model.addAttribute("history", history.recent(100));
        model.addAttribute("coverage", history.coverage());
        return "records/imports";
    }

    @PostMapping
    String upload(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean quarantineInvalid,
                  Model model) throws IOException {
        if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
            model.addAttribute("error", "Select a police.uk CSV file to import");
            return imports(model);
        }
        String name = Path.of(file.getOriginalFilename() == null ? "upload.csv" : file.getOriginalFilename())
                .getFileName().toString();
        Path upload = Files.createTempFile("oversight-upload-", ".csv");
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
        }
        ImportOptions options = ImportOptions.by(Actor.current());
        BackgroundImports.Job job = background.start(upload, name,
                quarantineInvalid ? options.quarantiningInvalidRows() : options);
        return "redirect:/records/imports/jobs/" + job.id();
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable String id, Model model) {
        model.addAttribute("job", background.job(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "records/job";
    }

    /** For the page's script: progress without reloading the page. */
    @GetMapping(value = "/jobs/{id}/progress", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    java.util.Map<String, Object> progress(@PathVariable String id) {
        BackgroundImports.Job job = background.job(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return java.util.Map.of("percent", job.percent(), "rows", job.rows(), "finished", job.finished(),
                "message", job.percent() + "% read, " + job.rows() + " rows so far.");
    }

    @GetMapping("/{id}")
    String batch(@PathVariable long id, Model model) {
        model.addAttribute("entry", history.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("problems", history.problems(id, 100));
        return "records/batch";
    }

    @GetMapping("/{id}/report.csv")
    void report(@PathVariable long id, HttpServletResponse response) throws IOException {
        ImportHistory.Entry entry = history.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + entry.id() + "-problems.csv\"");
        reports.write(id, new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }
}
