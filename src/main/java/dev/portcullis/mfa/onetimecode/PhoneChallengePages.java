package dev.portcullis.mfa.onetimecode;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * The phone step of sign-in and step-up, shared by the text message and phone call factors.
 * Opening the page sends a code when this session has no live one (within the limits); after a
 * gateway failure it does not try again by itself (OOB-07). Every typed code goes through
 * {@link OneTimeCodes#verify}: regulator first, then the code.
 */
@Component
public class PhoneChallengePages {

    static final String VIEW = "mfa/onetimecode/challenge";

    private final OneTimeCodes codes;
    private final SignInCompletion signInCompletion;
    private final Clock clock;

    PhoneChallengePages(OneTimeCodes codes, SignInCompletion signInCompletion, Clock clock) {
        this.codes = codes;
        this.signInCompletion = signInCompletion;
        this.clock = clock;
    }

    /** GET {@code challengePath}. */
    public String show(PhoneChannel channel, HttpServletRequest request, Model model) {
        SignedInAccount account = SignInCompletion.current();
        String refusal = refusal(channel, account);
        if (refusal != null) {
            return refusal;
        }
        EnrolledNumber number = channel.numbers().find(account.accountId()).orElseThrow();
        CodeContext context = PhonePageModel.context(codes, channel, account, Purpose.SIGNIN, request);
        Optional<CodeStatus> latest = codes.latest(context);
        if (latest.filter(CodeStatus::live).filter(s -> s.destination().equals(number.e164())).isPresent()) {
            return render(model, channel, context, null, null);
        }
        if (latest.filter(s -> s.state() == CodeStatus.State.UNDELIVERED)
                .filter(s -> s.expiresAt().isAfter(clock.instant())).isPresent()) {
            return PhonePageModel.notSent(model, channel, true);
        }
        Optional<Duration> paused = codes.paused(account.accountId(), channel.type().id());
        if (paused.isPresent()) {
            return render(model, channel, context, null, CodeCheck.pausedMessage(paused.get()));
        }
        SendResult result = codes.send(context, number.e164(), channel.codeDelivery());
        return switch (result.outcome()) {
            case SENT -> render(model, channel, context, null, null);
            case LIMITED, PAUSED -> render(model, channel, context, null, result.message());
            case UNDELIVERED -> PhonePageModel.notSent(model, channel, true);
        };
    }

    /** POST {@code challengePath}: checks the typed code. */
    public String verify(PhoneChannel channel, String code, HttpServletRequest request, HttpServletResponse response,
                         Model model) {
        SignedInAccount account = SignInCompletion.current();
        String refusal = refusal(channel, account);
        if (refusal != null) {
            return refusal;
        }
        CodeContext context = PhonePageModel.context(codes, channel, account, Purpose.SIGNIN, request);
        CodeCheck check = codes.verify(context, code);
        if (check.outcome() == CodeCheck.Outcome.VERIFIED) {
            channel.numbers().used(account.accountId());
            return "redirect:" + signInCompletion.factorProven(request, response, channel.type());
        }
        return check.aboutTheField() ? render(model, channel, context, check.message(), null)
                : render(model, channel, context, null, check.message());
    }

    /** POST {@code challengePath/resend}: a new code, which kills the previous one. */
    public String resend(PhoneChannel channel, HttpServletRequest request, Model model, RedirectAttributes flash) {
        SignedInAccount account = SignInCompletion.current();
        String refusal = refusal(channel, account);
        if (refusal != null) {
            return refusal;
        }
        EnrolledNumber number = channel.numbers().find(account.accountId()).orElseThrow();
        CodeContext context = PhonePageModel.context(codes, channel, account, Purpose.SIGNIN, request);
        SendResult result = codes.send(context, number.e164(), channel.codeDelivery());
        return switch (result.outcome()) {
            case SENT -> {
                flash.addFlashAttribute("notice", channel.wording().resent());
                yield "redirect:" + channel.challengePath();
            }
            case LIMITED, PAUSED -> render(model, channel, context, null, result.message());
            case UNDELIVERED -> PhonePageModel.notSent(model, channel, true);
        };
    }

    /**
     * A redirect when there is nothing to prove here, or null. No code is ever sent without a
     * password step behind it (OOB-04).
     */
    private static String refusal(PhoneChannel channel, SignedInAccount account) {
        if (account == null) {
            return "redirect:/signin";
        }
        if (!channel.available()) {
            return "redirect:/signin/factor/choose?unavailable";
        }
        if (channel.numbers().find(account.accountId()).isEmpty()) {
            return "redirect:/signin/factor/choose";
        }
        return null;
    }

    private String render(Model model, PhoneChannel channel, CodeContext context, String problem, String warning) {
        PhonePageModel.common(model, channel);
        Optional<CodeStatus> live = codes.latest(context).filter(CodeStatus::live);
        model.addAttribute("live", live.isPresent());
        live.ifPresent(status -> PhonePageModel.destination(model, status.destination()));
        model.addAttribute("problem", problem);
        model.addAttribute("warning", warning != null ? warning
                : live.isPresent() ? null : "You do not have a code that works. Ask for a new code.");
        return VIEW;
    }
}
