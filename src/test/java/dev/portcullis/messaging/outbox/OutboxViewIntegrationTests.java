package dev.portcullis.messaging.outbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The outbox holds sign-in codes and reset links: it is shown to this machine only, never to
 * another address, where it looks like any page that does not exist.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OutboxViewIntegrationTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private Outbox outbox;

    @BeforeEach
    void aMessage() {
        this.outbox.store("sms", "+447700900123", null, "Your code is 123456", null);
    }

    @Test
    void outboxWhenAskedFromThisMachineThenShown() throws Exception {
        this.mvc.perform(get("/dev/outbox.json").with(request -> {
            request.setRemoteAddr("127.0.0.1");
            return request;
        })).andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("123456")));
        this.mvc.perform(get("/dev/outbox").with(request -> {
            request.setRemoteAddr("::1");
            return request;
        })).andExpect(status().isOk());
    }

    @Test
    void outboxWhenAskedFromAnotherAddressThenNotFound() throws Exception {
        for (String address : new String[] {"203.0.113.9", "10.0.0.4", "2001:db8::1"}) {
            this.mvc.perform(get("/dev/outbox.json").with(request -> {
                request.setRemoteAddr(address);
                return request;
            })).andExpect(status().isNotFound()).andExpect(content().string(org.hamcrest.Matchers.not(
                    org.hamcrest.Matchers.containsString("123456"))));
            this.mvc.perform(get("/dev/outbox").with(request -> {
                request.setRemoteAddr(address);
                return request;
            })).andExpect(status().isNotFound());
        }
    }
}
