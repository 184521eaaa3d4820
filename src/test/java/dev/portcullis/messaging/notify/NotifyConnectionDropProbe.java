package dev.portcullis.messaging.notify;

import java.time.Duration;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.StubHttpServer;
import dev.portcullis.messaging.StubHttpServer.Answer;

/**
 * Run in a JVM of its own by {@link NotifyHiddenRetryTests}: the JDK reads
 * {@code sun.net.http.retryPost} once, so only a fresh JVM shows what the flag changes. Prints
 * how many requests reached the stub when it dropped every connection.
 */
final class NotifyConnectionDropProbe {

    private NotifyConnectionDropProbe() {
    }

    public static void main(String[] args) {
        try (StubHttpServer notify = StubHttpServer.start()) {
            notify.otherwise(Answer.dropConnection());
            try (NotifyGateway gateway = new NotifyGateway(NotifyGatewayTests.properties(notify.baseUrl(), Duration.ofSeconds(5)))) {
                gateway.sendSms("+447400123456", "Your Portcullis security code is 493817");
                System.out.println("outcome=sent");
            } catch (MessageDeliveryException e) {
                System.out.println("outcome=" + (e.retryable() ? "retryable" : "permanent"));
            }
            notify.awaitQuiet(Duration.ofSeconds(2));
            System.out.println("requests=" + notify.requests().size());
        }
    }
}
