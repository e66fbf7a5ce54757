package uk.saferschools.oversight.publication;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Pages for everyone, no sign-in. */
@Controller
@PreAuthorize("permitAll()")
class PublicPagesController {

    @GetMapping("/")
    String home() {
        return "publication/home";
    }

    @GetMapping("/accessibility")
    String accessibility() {
        return "publication/accessibility";
    }
}
