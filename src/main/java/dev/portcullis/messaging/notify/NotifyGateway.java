package dev.portcullis.messaging.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.json.JSONException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientApi;
import uk.gov.service.notify.NotificationClientException;

import dev.portcullis.messaging.EmailGateway;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.messaging.SmsGateway;

/**
 * Text messages and emails through GOV.UK Notify.
 *
 * <p>Templates, created in Notify's web interface: the text message template's whole body is
 * {@code ((message))}; the email template's subject is {@code ((subject))} and its body
 * {@code ((body))}. Notify builds the HTML of an email from the body itself, so {@code htmlBody}
 * is not sent; and it reads a little formatting in the body (lines starting {@code #}, {@code *}
 * or {@code ^}, {@code ---}, bare URLs), so keep email text plain.
 *
 * <p>Every send carries a fresh reference (a UUID). Notify does not reject a repeated reference;
 * it lets a send that timed out be looked up later ({@code GET /v2/notifications?reference=}).
 *
 * <p>Timeouts: the client opens an {@code HttpURLConnection} with no connect or read timeout and
 * offers no way to set one ({@code getConnection} is package-private). So each send runs on a
 * small bounded pool and the caller waits at most {@code portcullis.messaging.timeout}. A send
 * stuck on a socket keeps its pool thread until the server or the network drops the connection
 * (an interrupt does not unblock a socket read); the bounds stop such threads piling up: once all
 * are busy, further sends fail at once as retryable.
 *
 * <p>Hidden retry: {@code HttpURLConnection} sends a POST a second time when the connection drops
 * before the response arrives, unless the JVM runs with {@code -Dsun.net.http.retryPost=false}
 * (read once, when the JDK's HTTP client class loads). Without it a dropped connection can put
 * the same text message on the phone twice; we warn at start-up.
 */
public final class NotifyGateway implements SmsGateway, EmailGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifyGateway.class);

    private static final int MAX_CONCURRENT_SENDS = 8;

    private static final int MAX_WAITING_SENDS = 16;

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    // Notify's error body: {"errors":[{"error":"BadRequestError","message":"..."}],"status_code":400}.
    // Only the error names are kept: the free text can quote the request.
    private static final Pattern ERROR_NAME = Pattern.compile("\"error\"\\s*:\\s*\"([A-Za-z]{1,64})\"");

    private final NotificationClientApi client;

    private final String smsTemplateId;

    private final String emailTemplateId;

    private final Duration timeout;

    private final Supplier<UUID> references;

    private final ThreadPoolExecutor pool;

    public NotifyGateway(MessagingProperties properties) {
        this(new NotificationClient(properties.govNotify().apiKey(), properties.govNotify().baseUrl()),
                properties.govNotify().smsTemplateId(), properties.govNotify().emailTemplateId(), properties.timeout(),
                UUID::randomUUID);
        if (!"false".equalsIgnoreCase(System.getProperty("sun.net.http.retryPost"))) {
            log.warn("GOV.UK Notify's client uses HttpURLConnection, which resends a POST once when a connection "
                    + "drops before the answer: a text message may arrive twice. Start the JVM with "
                    + "-Dsun.net.http.retryPost=false to stop it.");
        }
    }

    NotifyGateway(NotificationClientApi client, String smsTemplateId, String emailTemplateId, Duration timeout,
            Supplier<UUID> references) {
        this.client = client;
        this.smsTemplateId = smsTemplateId;
        this.emailTemplateId = emailTemplateId;
        this.timeout = timeout;
        this.references = references;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(MAX_CONCURRENT_SENDS, MAX_CONCURRENT_SENDS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_SENDS), task -> {
                    Thread thread = new Thread(task, "notify-send-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void sendSms(String e164, String text) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("Not an E.164 number: " + PhoneNumbers.masked(e164));
        }
        Objects.requireNonNull(text, "text");
        String reference = references.get().toString();
        String id = send("text message", () -> client
                .sendSms(smsTemplateId, e164, Map.of("message", text), reference)
                .getNotificationId().toString());
        log.info("GOV.UK Notify accepted a text message to {} (notification {}, reference {})",
                PhoneNumbers.masked(e164), id, reference);
    }

    @Override
    public void sendEmail(String to, String subject, String textBody, String htmlBody) {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("No email address");
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
        String reference = references.get().toString();
        String id = send("email", () -> client
                .sendEmail(emailTemplateId, to, Map.of("subject", subject, "body", textBody), reference)
                .getNotificationId().toString());
        log.info("GOV.UK Notify accepted an email (notification {}, reference {})", id, reference);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private String send(String what, Callable<String> call) {
        Future<String> future;
        try {
            future = pool.submit(call);
        } catch (RejectedExecutionException e) {
            throw MessageDeliveryException.retryable(
                    "GOV.UK Notify: too many sends are waiting for a slow answer; the " + what + " was not sent", null);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a send still queued is dropped (and its queue place freed); one already on the wire may yet be delivered
            future.cancel(true);
            pool.purge();
            throw MessageDeliveryException.retryable(
                    "GOV.UK Notify did not answer within " + timeout.toMillis() + " ms; the " + what + " may not have been sent", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw MessageDeliveryException.retryable("Interrupted while waiting for GOV.UK Notify", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JSONException) {
                // the client parses the body only after Notify answered 201: the message is on its way
                log.warn("GOV.UK Notify accepted the {} but its answer could not be read", what);
                return "(unknown)";
            }
            throw translate(e.getCause(), what);
        }
    }

    static MessageDeliveryException translate(Throwable failure, String what) {
        if (failure instanceof NotificationClientException e) {
            int status = e.getHttpResult();
            if (status == 0) {
                Throwable cause = e.getCause() instanceof IOException io ? io : null;
                return MessageDeliveryException.retryable("Could not reach GOV.UK Notify ("
                        + (cause == null ? "no answer" : cause.getClass().getSimpleName()) + "); the " + what
                        + " may not have been sent", cause);
            }
            String message = "GOV.UK Notify answered " + status + errorNames(e.getMessage()) + "; the " + what
                    + " was not sent";
            return status == 429 || status >= 500
                    ? MessageDeliveryException.retryable(message, null)
                    : MessageDeliveryException.permanent(message, null);
        }
        return MessageDeliveryException.permanent(
                "GOV.UK Notify's client failed (" + failure.getClass().getName() + "); the " + what + " was not sent", null);
    }

    private static String errorNames(String message) {
        if (message == null) {
            return "";
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = ERROR_NAME.matcher(message);
        while (matcher.find() && names.size() < 3) {
            names.add(matcher.group(1));
        }
        return names.isEmpty() ? "" : " " + String.join(", ", names);
    }
}
