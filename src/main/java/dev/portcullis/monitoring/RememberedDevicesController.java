package dev.portcullis.monitoring;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.signin.SignedInAccount;

/** Self-service: "Forget remembered devices", so every device asks for the second step again. */
@Controller
class RememberedDevicesController {

    private final RememberedDevices devices;

    RememberedDevicesController(RememberedDevices devices) {
        this.devices = devices;
    }

    @PostMapping("/account/remembered-devices/forget")
    String forget(@AuthenticationPrincipal SignedInAccount account, RedirectAttributes flash) {
        int forgotten = devices.forgetAll(account.accountId(), "by the person");
        flash.addFlashAttribute("success", forgotten == 0 ? "You had no remembered devices."
                : "Your remembered devices have been forgotten. You will be asked for the second step on every device.");
        return "redirect:/account/self-service";
    }
}
