package dev.portcullis.mfa.totp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QrCodeTests {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    private static final Pattern PATH_DATA = Pattern.compile("<path fill=\"#000\" d=\"([^\"]*)\"/>");

    private static final Pattern RUN = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z");

    private static final String OTPAUTH = "otpauth://totp/ACME%20Co:john.doe@email.com"
            + "?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

    @Test
    void svgWhenDecodedFromItsPathThenYieldsTheSameContent() throws Exception {
        String svg = QrCode.svg(OTPAUTH, "QR code for your authenticator app");
        assertThat(decode(svg)).isEqualTo(OTPAUTH);
    }

    @Test
    void svgWhenContentIsNotAsciiThenStillDecodesToSameContent() throws Exception {
        String content = "Zoë — 東京 🙂";
        assertThat(decode(QrCode.svg(content, "label"))).isEqualTo(content);
    }

    @Test
    void svgWhenRenderedThenOneInlineSvgWithOnePathAndNothingCspForbids() {
        String svg = QrCode.svg(OTPAUTH, "Scan me");
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .contains("role=\"img\"", "aria-label=\"Scan me\"")
                .endsWith("</svg>");
        assertThat(svg.split("<path", -1)).hasSize(2);
        assertThat(svg.toLowerCase()).doesNotContain("style", "script", "data:", "href", "<image", "<?xml");
    }

    @Test
    void svgWhenRenderedThenQuietZoneOfFourModulesSurroundsTheSymbol() {
        BitMatrix matrix = parse(QrCode.svg(OTPAUTH, "label"));
        int[] rectangle = matrix.getEnclosingRectangle(); // left, top, width, height of dark modules
        assertThat(rectangle[0]).isEqualTo(4);
        assertThat(rectangle[1]).isEqualTo(4);
        assertThat(matrix.getWidth() - rectangle[0] - rectangle[2]).isEqualTo(4);
        assertThat(matrix.getHeight() - rectangle[1] - rectangle[3]).isEqualTo(4);
        // The top-left finder pattern starts the path: a run of seven dark modules.
        assertThat(QrCode.svg(OTPAUTH, "label")).contains("d=\"M4,4h7v1h-7z");
    }

    @Test
    void svgWhenRowHasAdjacentDarkModulesThenRunsAreMerged() {
        String svg = QrCode.svg(OTPAUTH, "label");
        Matcher runs = RUN.matcher(pathData(svg));
        List<int[]> all = new ArrayList<>();
        while (runs.find()) {
            int x = Integer.parseInt(runs.group(1));
            int y = Integer.parseInt(runs.group(2));
            int width = Integer.parseInt(runs.group(3));
            assertThat(runs.group(4)).isEqualTo(runs.group(3));
            all.add(new int[] { x, y, width });
        }
        for (int i = 1; i < all.size(); i++) {
            int[] previous = all.get(i - 1);
            int[] current = all.get(i);
            if (previous[1] == current[1]) {
                // On one row, a run never starts where the previous one ended.
                assertThat(current[0]).isGreaterThan(previous[0] + previous[2]);
            }
        }
        assertThat(all).anyMatch(run -> run[2] > 1);
    }

    @Test
    void inp04_svgWhenAriaLabelHasMarkupThenEscaped() {
        String svg = QrCode.svg("hello", "Scan \"this\" <b>now</b> & 'go'\u0007");
        assertThat(svg).contains(
                "aria-label=\"Scan &quot;this&quot; &lt;b&gt;now&lt;/b&gt; &amp; &#39;go&#39;\"")
                .doesNotContain("<b>", "\u0007");
    }

    @Test
    void svgWhenContentTooLongForAnyQrVersionThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> QrCode.svg("x".repeat(5000), "label"));
    }

    /** Reads the dark modules back out of the path, then lets ZXing find and decode the symbol. */
    private static String decode(String svg) throws Exception {
        BitMatrix modules = parse(svg);
        int scale = 4;
        int width = modules.getWidth() * scale;
        int height = modules.getHeight() * scale;
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = modules.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return result.getText();
    }

    private static BitMatrix parse(String svg) {
        Matcher viewBox = VIEW_BOX.matcher(svg);
        assertThat(viewBox.find()).isTrue();
        BitMatrix matrix = new BitMatrix(Integer.parseInt(viewBox.group(1)), Integer.parseInt(viewBox.group(2)));
        String d = pathData(svg);
        Matcher run = RUN.matcher(d);
        int consumed = 0;
        while (run.find()) {
            assertThat(run.start()).as("path holds nothing but runs").isEqualTo(consumed);
            consumed = run.end();
            matrix.setRegion(Integer.parseInt(run.group(1)), Integer.parseInt(run.group(2)),
                    Integer.parseInt(run.group(3)), 1);
        }
        assertThat(consumed).isEqualTo(d.length());
        return matrix;
    }

    private static String pathData(String svg) {
        Matcher path = PATH_DATA.matcher(svg);
        assertThat(path.find()).isTrue();
        return path.group(1);
    }
}
