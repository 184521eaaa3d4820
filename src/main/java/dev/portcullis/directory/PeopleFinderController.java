package dev.portcullis.directory;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.signin.SignedInAccount;

/** People Finder, from the navigation bar: search the directory of every organisation. */
@Controller
class PeopleFinderController {

    static final String VIEW = "directory/people";

    private final PeopleFinder finder;

    PeopleFinderController(PeopleFinder finder) {
        this.finder = finder;
    }

    @GetMapping("/people")
    String search(@AuthenticationPrincipal SignedInAccount account, @RequestParam(required = false) String q,
                  @RequestParam(required = false) String page, HttpServletResponse response, Model model) {
        // Echo back at most what the box accepts, so a huge query is not sent back.
        String typed = q == null ? "" : (q.length() > SearchQuery.MAX_LENGTH * 2 ? q.substring(0, SearchQuery.MAX_LENGTH * 2) : q);
        model.addAttribute("q", typed);
        PeopleFinder.Outcome outcome = finder.search(account.accountId(), q, pageNumber(page));
        if (outcome instanceof PeopleFinder.Page results) {
            model.addAttribute("results", results);
        } else if (outcome instanceof PeopleFinder.Refused refused) {
            response.setStatus(refused.status());
            model.addAttribute("problem", refused.message());
        }
        return VIEW;
    }

    /** Whatever was in the page parameter, a page number from 1: a bad one is page 1. */
    static int pageNumber(String page) {
        if (page == null || page.isBlank() || page.length() > 6 || !page.chars().allMatch(Character::isDigit)) {
            return 1;
        }
        return Math.max(1, Integer.parseInt(page));
    }
}
