package dev.portcullis.messaging.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * HttpURLConnection, under Notify's client, sends a POST again when the connection drops before
 * the answer, unless {@code -Dsun.net.http.retryPost=false}. Each case runs in a fresh JVM,
 * because the JDK reads the property only once.
 */
class NotifyHiddenRetryTests {

    @Test
    void oob07_sendSmsWhenConnectionDropsAndRetryPostDisabledThenOneRequestAndRetryable() throws Exception {
        List<String> output = probe("-Dsun.net.http.retryPost=false");

        assertThat(output).contains("outcome=retryable", "requests=1");
    }

    @Test
    void sendSmsWhenConnectionDropsWithJdkDefaultsThenTheJdkSendsItTwice() throws Exception {
        // documents why the flag is needed; if a JDK stops doing this, this test says so
        List<String> output = probe();

        assertThat(output).contains("outcome=retryable", "requests=2");
    }

    private static List<String> probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NotifyConnectionDropProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text.lines().map(String::strip).toList();
    }
}
