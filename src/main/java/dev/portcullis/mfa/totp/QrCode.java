package dev.portcullis.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Renders text as a QR code in inline SVG, on the server, so the enrolment page needs no script,
 * no data: URI and no inline style (its Content-Security-Policy forbids all three).
 */
public final class QrCode {

    /** ISO/IEC 18004 asks for a light margin of four modules around the symbol. */
    static final int QUIET_ZONE = 4;

    private QrCode() {
    }

    /**
     * One {@code <svg>} element, one module per user unit; it scales to whatever size the page's
     * stylesheet gives it. A white square sits behind the symbol so it scans on a dark page too,
     * and one {@code <path>} draws every dark module.
     *
     * @param content the text to encode (for TOTP, {@link OtpAuthUri#value()})
     * @param ariaLabel what a screen reader announces; escaped here
     * @throws IllegalArgumentException if the content does not fit in a QR code
     */
    public static String svg(String content, String ariaLabel) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(ariaLabel, "ariaLabel");
        BitMatrix matrix = encode(content);
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder svg = new StringBuilder(256 + width * height / 2);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(escapeXml(ariaLabel))
                .append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#fff\"/>")
                .append("<path fill=\"#000\" d=\"").append(path(matrix)).append("\"/>")
                .append("</svg>");
        return svg.toString();
    }

    static BitMatrix encode(String content) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
        // A character set hint makes ZXing write an ECI header, which some older readers show as
        // junk; ASCII (all an otpauth URI ever is) reads the same in the default ISO-8859-1.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(content)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            // Width and height 0: ZXing then returns exactly one bit per module plus the quiet zone.
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, hints);
        }
        catch (WriterException | IllegalArgumentException ex) {
            throw new IllegalArgumentException("Content does not fit in a QR code", ex);
        }
    }

    /** Each horizontal run of dark modules becomes one rectangle: M{x},{y}h{w}v1h-{w}z. */
    static String path(BitMatrix matrix) {
        StringBuilder d = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y)) {
                    x++;
                }
                int run = x - start;
                d.append('M').append(start).append(',').append(y)
                        .append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return d.toString();
    }

    /** Escapes the five XML specials and drops control characters XML 1.0 cannot carry. */
    static String escapeXml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
