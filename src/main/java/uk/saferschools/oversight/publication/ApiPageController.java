package uk.saferschools.oversight.publication;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The open data API described for people: every endpoint and field. */
@Controller
@PreAuthorize("permitAll()")
class ApiPageController {

    @GetMapping("/api")
    String api() {
        return "publication/api";
    }
}
