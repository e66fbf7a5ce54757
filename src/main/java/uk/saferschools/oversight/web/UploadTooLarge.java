package uk.saferschools.oversight.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A multipart body over the server's limit (the paper limit, {@code OVERSIGHT_MAX_PAPER_SIZE}: record files
 * are streamed against their own, see {@code RecordUploads}). The server stops reading at the limit, and
 * before reading at all when the body's length says it is over; the person gets a page saying so, with
 * 413, rather than the generic error. The forms that upload carry their CSRF token in their address, so the
 * token is found without the body, which the server no longer has.
 */
@ControllerAdvice
public class UploadTooLarge {

    private final DataSize limit;

    UploadTooLarge(@Value("${spring.servlet.multipart.max-request-size:20MB}") DataSize limit) {
        this.limit = limit;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge() {
        ModelAndView page = new ModelAndView("error");
        page.setStatus(HttpStatus.PAYLOAD_TOO_LARGE);
        page.addObject("status", HttpStatus.PAYLOAD_TOO_LARGE.value());
        page.addObject("problem", message());
        return page;
    }

    /** Also what the error page says when the server refused the body before any of ours ran. */
    public String message() {
        return "The paper is larger than " + size(limit) + ", the largest paper accepted: nothing was stored. "
                + "Go back and send a smaller file, or split it.";
    }

    static String size(DataSize size) {
        return size.toBytes() >= 1024 * 1024 && size.toBytes() % (1024 * 1024) == 0 ? size.toMegabytes() + " MB"
                : size.toBytes() >= 1024 ? size.toKilobytes() + " KB" : size.toBytes() + " bytes";
    }
}
