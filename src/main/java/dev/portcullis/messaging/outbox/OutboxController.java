package dev.portcullis.messaging.outbox;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /dev/outbox}: what the default install would have sent, newest first. Registered only
 * when the outbox is the provider, so it never exists beside a real gateway.
 */
@org.springframework.stereotype.Controller
class OutboxController {

    private final Outbox outbox;

    OutboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/dev/outbox")
    String page(Model model) {
        model.addAttribute("messages", outbox.newestFirst(100));
        return "messaging/outbox";
    }

    @GetMapping(path = "/dev/outbox.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, Object>> json() {
        return outbox.newestFirst(100).stream()
                .map(m -> Map.<String, Object>of("channel", m.channel(), "to", m.to(), "body", m.body(),
                        "sentAt", m.sentAt().toString(), "subject", m.subject() == null ? "" : m.subject()))
                .toList();
    }
}
