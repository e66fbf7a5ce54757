package uk.saferschools.oversight.panel;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.saferschools.oversight.audit.Actor;

/** Papers: the panel downloads any; the secretariat marks them public; anyone downloads a public one. */
@Controller
@PreAuthorize("permitAll()")
class PapersController {

    private final Papers papers;

    PapersController(Papers papers) {
        this.papers = papers;
    }

    @GetMapping("/panel/papers/{id}")
    @PreAuthorize("hasAnyRole('PANEL_MEMBER', 'SECRETARIAT')")
    ResponseEntity<byte[]> forPanel(@PathVariable long id) {
        Papers.Paper paper = papers.find(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return download(paper, papers.download(paper, Actor.current()));
    }

    /**
     * Not recorded in the audit trail: a public paper is everyone's to read, and recording anonymous reads
     * would let anyone grow the trail without limit.
     */
    @GetMapping("/papers/{id}")
    ResponseEntity<byte[]> forEveryone(@PathVariable long id) {
        Papers.Paper paper = papers.find(id, Actor.ANONYMOUS).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return download(paper, papers.content(paper.id()));
    }

    @PostMapping("/panel/papers/{id}/public")
    @PreAuthorize("hasRole('SECRETARIAT')")
    String markPublic(@PathVariable long id, @RequestHeader(value = HttpHeaders.REFERER, required = false) String from,
                      RedirectAttributes flash) {
        papers.find(id, Actor.current()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        papers.markPublic(id, Actor.current());
        flash.addFlashAttribute("confirmation", "The paper is public: anyone can download it.");
        Long meeting = papers.find(id, Actor.current()).map(Papers.Paper::meetingId).orElse(null);
        return meeting != null ? "redirect:/panel/meetings/" + meeting : "redirect:/panel/review-items";
    }

    private static ResponseEntity<byte[]> download(Papers.Paper paper, byte[] content) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(paper.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(paper.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(content);
    }
}
