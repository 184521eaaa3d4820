package dev.portcullis.admin.rollout;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

/**
 * Draws the share of active accounts with MFA over time as standalone SVG on the server:
 * readable without JavaScript, no inline style (the CSP forbids it), with a title and
 * description for screen readers. The same numbers are in a table beside it.
 */
final class RolloutChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

    private RolloutChart() {
    }

    static String svg(List<RolloutFigures.Figures> series, String title) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        String safeTitle = HtmlUtils.htmlEscape(title);
        RolloutFigures.Figures last = series.get(series.size() - 1);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"rollout-chart-title rollout-chart-desc\" class=\"app-chart\">")
                .append("<title id=\"rollout-chart-title\">").append(safeTitle).append("</title>")
                .append("<desc id=\"rollout-chart-desc\">Share of active accounts with MFA, from ")
                .append(series.get(0).percent()).append("% on ").append(LABEL.format(series.get(0).day()))
                .append(" to ").append(last.percent()).append("% on ").append(LABEL.format(last.day())).append(".</desc>");
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = TOP + plotHeight * (1 - pct / 100.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d8dde0\" stroke-width=\"1\"/>",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" fill=\"#4c6272\">%d%%</text>",
                    LEFT - 6, y + 4, pct));
        }
        int n = series.size();
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = LEFT + (n == 1 ? plotWidth : plotWidth * i / (double) (n - 1));
            double y = TOP + plotHeight * (1 - series.get(i).share());
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#005eb8\"/>", x, y));
        }
        if (n > 1) {
            svg.append("<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"3\" points=\"").append(points.toString().strip()).append("\"/>");
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#4c6272\">%s</text>",
                LEFT, HEIGHT - 12, LABEL.format(series.get(0).day())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#4c6272\">%s</text>",
                WIDTH - RIGHT, HEIGHT - 12, LABEL.format(last.day())));
        return svg.append("</svg>").toString();
    }
}
