package uk.saferschools.oversight.panel;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.saferschools.oversight.audit.Actor;

/** Search for everyone: each finds only what they may see. */
@Controller
@PreAuthorize("permitAll()")
class SearchController {

    private final PanelSearch search;

    SearchController(PanelSearch search) {
        this.search = search;
    }

    @GetMapping("/search")
    String search(@RequestParam(defaultValue = "") String q, Model model) {
        String words = q.length() > 200 ? q.substring(0, 200) : q;
        model.addAttribute("q", words);
        model.addAttribute("hits", search.search(words, Actor.current()));
        return "panel/search";
    }
}
