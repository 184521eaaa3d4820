package dev.portcullis.help;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.admin.AdminScope;
import dev.portcullis.shared.CsvCells;
import dev.portcullis.signin.SignedInAccount;

/**
 * Feedback for the global administrators, newest first, paged, and as CSV. Feedback is about
 * the service as a whole, so local administrators are refused (403, audited).
 */
@Controller
class AdminFeedbackController {

    private static final int PAGE_SIZE = 50;
    private static final int EXPORT_LIMIT = 50_000;
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final FeedbackStore store;
    private final AdminScope scope;

    AdminFeedbackController(FeedbackStore store, AdminScope scope) {
        this.store = store;
        this.scope = scope;
    }

    /** One line as the page shows it. */
    record Row(String when, String sender, String topic, String message, String contact) {
        static Row of(FeedbackLine line) {
            String sender = line.senderEmail() == null ? "(account deleted)" : line.senderName() + " <" + line.senderEmail() + ">";
            return new Row(WHEN.format(line.submittedAt()), sender, line.topicLabel(), line.message(),
                    line.contactEmail() == null ? "" : line.contactEmail());
        }
    }

    @GetMapping("/admin/feedback")
    String page(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "0") int page, Model model) {
        scope.requireGlobal(admin, "feedback");
        int safePage = Math.max(0, Math.min(page, 10_000));
        List<Row> lines = new ArrayList<>(store.newest(PAGE_SIZE + 1, safePage * PAGE_SIZE).stream().map(Row::of).toList());
        boolean hasNext = lines.size() > PAGE_SIZE;
        if (hasNext) {
            lines.remove(lines.size() - 1);
        }
        model.addAttribute("lines", lines);
        model.addAttribute("page", safePage);
        model.addAttribute("hasNext", hasNext);
        return "help/admin-feedback";
    }

    @GetMapping("/admin/feedback.csv")
    void export(@AuthenticationPrincipal SignedInAccount admin, HttpServletResponse response) throws IOException {
        scope.requireGlobal(admin, "feedback export");
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"feedback.csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.print("time,account,topic,contact_email,message\r\n");
        for (FeedbackLine line : store.newest(EXPORT_LIMIT, 0)) {
            out.print(CsvCells.row(WHEN.format(line.submittedAt()), line.senderEmail(), line.topicLabel(),
                    line.contactEmail(), line.message()));
        }
        out.flush();
    }
}
