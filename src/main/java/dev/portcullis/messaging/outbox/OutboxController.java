package dev.portcullis.messaging.outbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /dev/outbox}: what the default install would have sent, newest first. Registered only
 * when the outbox is the provider, so it never exists beside a real gateway. It shows sign-in
 * codes and reset links, so it answers only requests from this machine (loopback): anyone
 * else gets the same 404 as for a page that does not exist.
 */
@org.springframework.stereotype.Controller
// On the class, not only on a @Bean method: @Controller makes component scanning register it
// whatever the provider, which left the pages answering beside Notify or Twilio.
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "portcullis.messaging", name = "provider",
        havingValue = "outbox", matchIfMissing = true)
class OutboxController {

    private static final Logger log = LoggerFactory.getLogger(OutboxController.class);

    private final Outbox outbox;

    OutboxController(Outbox outbox) {
        this.outbox = outbox;
        log.warn("Messages are kept in the outbox, not sent: codes and links can be read at /dev/outbox from this "
                + "machine only. Set portcullis.messaging.provider to notify or twilio before real use.");
    }

    @GetMapping("/dev/outbox")
    String page(Model model, HttpServletRequest request) {
        fromThisMachine(request);
        model.addAttribute("messages", outbox.newestFirst(100));
        return "messaging/outbox";
    }

    @GetMapping(path = "/dev/outbox.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, Object>> json(HttpServletRequest request) {
        fromThisMachine(request);
        return outbox.newestFirst(100).stream()
                .map(m -> Map.<String, Object>of("channel", m.channel(), "to", m.to(), "body", m.body(),
                        "sentAt", m.sentAt().toString(), "subject", m.subject() == null ? "" : m.subject()))
                .toList();
    }

    private static void fromThisMachine(HttpServletRequest request) {
        try {
            if (InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException notAnAddress) {
            // fall through: refused
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
