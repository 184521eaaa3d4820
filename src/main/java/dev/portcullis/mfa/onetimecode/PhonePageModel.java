package dev.portcullis.mfa.onetimecode;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.ui.Model;

import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.signin.SignedInAccount;

/** What the shared phone pages put in every model, and the context their codes are bound to. */
final class PhonePageModel {

    static final String NOT_SENT_VIEW = "mfa/onetimecode/not-sent";

    private PhonePageModel() {
    }

    static CodeContext context(OneTimeCodes codes, PhoneChannel channel, SignedInAccount account, Purpose purpose,
                               HttpServletRequest request) {
        return new CodeContext(account.accountId(), account.organisationId(), channel.type().id(), purpose,
                codes.sessionBinding(request.getSession()), request.getRemoteAddr());
    }

    static void common(Model model, PhoneChannel channel) {
        model.addAttribute("wording", channel.wording());
        model.addAttribute("factorName", channel.type().name());
        model.addAttribute("enrollPath", channel.enrollPath());
        model.addAttribute("challengePath", channel.challengePath());
        model.addAttribute("challengeResendPath", channel.challengePath() + "/resend");
        model.addAttribute("enrollConfirmPath", channel.enrollPath() + "/confirm");
        model.addAttribute("enrollResendPath", channel.enrollPath() + "/resend");
    }

    /** The masked number for sighted readers and its last digits for screen readers. */
    static void destination(Model model, String e164) {
        model.addAttribute("maskedNumber", PhoneNumbers.masked(e164));
        model.addAttribute("numberEnding", e164.length() > 3 ? e164.substring(e164.length() - 3) : e164);
    }

    /** OOB-07: what went wrong, another method, and a button to try again when the person chooses. */
    static String notSent(Model model, PhoneChannel channel, boolean signingIn) {
        common(model, channel);
        model.addAttribute("signingIn", signingIn);
        model.addAttribute("retryPath", signingIn ? channel.challengePath() + "/resend" : channel.enrollPath() + "/resend");
        model.addAttribute("otherPath", signingIn ? "/signin/factor/choose?unavailable" : "/account/security/enroll");
        return NOT_SENT_VIEW;
    }
}
