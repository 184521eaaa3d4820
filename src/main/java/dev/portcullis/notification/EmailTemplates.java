package dev.portcullis.notification;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders {@code templates/messages/email-NAME.txt} (TEXT mode) and {@code email-NAME.html}
 * (HTML mode, where every value is HTML-escaped: INP-04) with the application's Thymeleaf
 * engine. The text template starts with a {@code Subject: ...} line and a blank line; the rest
 * is the body.
 */
@Component
class EmailTemplates {

    // compiled once: every notification is rendered through these
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,47}");
    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t]+\\n");
    private static final Pattern BLANK_RUNS = Pattern.compile("\\n{3,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    static final String PREFIX = "messages/email-";
    static final int MAX_SUBJECT = 200;

    private static final String SUBJECT_LINE = "Subject:";

    private final ITemplateEngine engine;

    EmailTemplates(ITemplateEngine engine) {
        this.engine = engine;
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    RenderedEmail render(String name, Map<String, Object> variables) {
        if (!validName(name)) {
            throw new IllegalArgumentException("email template names are lower-case letters, digits and dashes");
        }
        Context context = new Context(Locale.UK, variables);
        String text = engine.process(PREFIX + name + ".txt", context).replace("\r\n", "\n");
        String html = engine.process(PREFIX + name, context);
        int firstLineEnd = text.indexOf('\n');
        String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
        if (!firstLine.startsWith(SUBJECT_LINE)) {
            throw new IllegalStateException("email template " + name + ".txt must start with a 'Subject:' line");
        }
        String subject = singleLine(firstLine.substring(SUBJECT_LINE.length()));
        String body = firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1);
        // Conditional blocks leave blank lines behind: at most one blank line between paragraphs.
        body = BLANK_RUNS.matcher(TRAILING_SPACE.matcher(body).replaceAll("\n")).replaceAll("\n\n").strip() + "\n";
        return new RenderedEmail(subject, body, html);
    }

    /** A subject is one line (no header injection) of printable text. */
    static String singleLine(String text) {
        String flat = SPACES.matcher(CONTROL.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
        return flat.length() > MAX_SUBJECT ? flat.substring(0, MAX_SUBJECT) : flat;
    }
}
