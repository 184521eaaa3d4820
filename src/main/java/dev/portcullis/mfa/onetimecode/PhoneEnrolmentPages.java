package dev.portcullis.mfa.onetimecode;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.messaging.InvalidPhoneNumberException;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Adding or changing the number of a phone factor, shared by the text message and phone call
 * factors: enter the number, get a code on it, type the code. The number becomes active only
 * once the code proves it, in one transaction with {@link MfaService#enrolled}. Adding a method
 * after the first, and so changing the number, needs a second factor proven in the last 5
 * minutes (MFA-05, OOB-06); the old number is told of the change.
 */
@Component
public class PhoneEnrolmentPages {

    static final String NUMBER_VIEW = "mfa/onetimecode/enroll-number";
    static final String CODE_VIEW = "mfa/onetimecode/enroll-code";

    private static final Logger log = LoggerFactory.getLogger(PhoneEnrolmentPages.class);

    private final OneTimeCodes codes;
    private final MfaService mfa;
    private final SignInCompletion signInCompletion;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    PhoneEnrolmentPages(OneTimeCodes codes, MfaService mfa, SignInCompletion signInCompletion,
                        ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.codes = codes;
        this.mfa = mfa;
        this.signInCompletion = signInCompletion;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** GET {@code enrollPath}: the number form. */
    public String numberForm(PhoneChannel channel, HttpServletRequest request, Model model) {
        String refusal = refusal(channel, request, channel.enrollPath());
        if (refusal != null) {
            return refusal;
        }
        return showNumber(model, channel, SignInCompletion.current(), "", null, null);
    }

    /** POST {@code enrollPath}: checks the number and sends a code to it. */
    public String start(PhoneChannel channel, String phone, HttpServletRequest request, Model model) {
        String refusal = refusal(channel, request, channel.enrollPath());
        if (refusal != null) {
            return refusal;
        }
        SignedInAccount account = SignInCompletion.current();
        String typed = phone == null ? "" : phone;
        String shown = typed.length() > 64 ? "" : typed;
        PhoneNumbers.Parsed parsed;
        try {
            parsed = channel.numberCheck().apply(typed);
        } catch (InvalidPhoneNumberException e) {
            return showNumber(model, channel, account, shown, e.getMessage(), null);
        }
        Optional<EnrolledNumber> current = channel.numbers().find(account.accountId());
        if (current.isPresent() && current.get().e164().equals(parsed.e164())) {
            return showNumber(model, channel, account, shown, "This is already your number. Enter a different number.", null);
        }
        request.getSession().setAttribute(targetAttribute(channel), parsed.e164());
        CodeContext context = PhonePageModel.context(codes, channel, account, Purpose.ENROLL, request);
        if (codes.latest(context).filter(CodeStatus::live).filter(s -> s.destination().equals(parsed.e164())).isPresent()) {
            // the form sent twice (a double click, the back button): the code already sent still works
            return "redirect:" + channel.enrollPath() + "/confirm";
        }
        SendResult result = codes.send(context, parsed.e164(), channel.codeDelivery());
        return switch (result.outcome()) {
            case SENT -> "redirect:" + channel.enrollPath() + "/confirm";
            case LIMITED, PAUSED -> showNumber(model, channel, account, shown, null, result.message());
            case UNDELIVERED -> PhonePageModel.notSent(model, channel, false);
        };
    }

    /** GET {@code enrollPath/confirm}: the code form. */
    public String codeForm(PhoneChannel channel, HttpServletRequest request, Model model) {
        String refusal = refusal(channel, request, channel.enrollPath() + "/confirm");
        if (refusal != null) {
            return refusal;
        }
        String target = target(channel, request.getSession());
        if (target == null) {
            return "redirect:" + channel.enrollPath();
        }
        return showCode(model, channel, request, target, null, null);
    }

    /** POST {@code enrollPath/confirm}: checks the code; on success the number becomes active. */
    public String confirm(PhoneChannel channel, String code, HttpServletRequest request, HttpServletResponse response,
                          Model model) {
        String refusal = refusal(channel, request, channel.enrollPath() + "/confirm");
        if (refusal != null) {
            return refusal;
        }
        String target = target(channel, request.getSession());
        if (target == null) {
            return "redirect:" + channel.enrollPath();
        }
        SignedInAccount account = SignInCompletion.current();
        long accountId = account.accountId();
        CodeCheck check = codes.verify(PhonePageModel.context(codes, channel, account, Purpose.ENROLL, request), code);
        if (check.outcome() != CodeCheck.Outcome.VERIFIED) {
            return check.aboutTheField() ? showCode(model, channel, request, target, check.message(), null)
                    : showCode(model, channel, request, target, null, check.message());
        }
        // The code row carries the number it was sent to: that number, and only it, is proven.
        String proven = check.destination();
        Optional<String> previous = channel.numbers().find(accountId).map(EnrolledNumber::e164);
        String next;
        try {
            next = transaction.execute(status -> {
                String instanceId = channel.numbers().save(accountId, proven);
                codes.cancelAll(accountId, channel.type().id());
                return mfa.enrolled(accountId, channel.type().id(), instanceId);
            });
        } catch (DataAccessException e) {
            // e.g. another tab saved a number at the same moment: nothing of this attempt was kept (FLT-01, MFA-06)
            log.warn("Saving a {} number failed; nothing was changed: {}", channel.type().id(), e.getClass().getSimpleName());
            return showCode(model, channel, request, target, null, "Something went wrong and your number was not saved. "
                    + "Ask for a new code and try again.");
        }
        request.getSession().removeAttribute(targetAttribute(channel));
        previous.filter(old -> !old.equals(proven)).ifPresent(old -> tellOldNumber(channel, account, old));
        signInCompletion.factorProven(request, response, channel.type());
        return "redirect:" + next;
    }

    /** POST {@code enrollPath/resend}: a new code to the number being added. */
    public String resend(PhoneChannel channel, HttpServletRequest request, Model model, RedirectAttributes flash) {
        String refusal = refusal(channel, request, channel.enrollPath() + "/confirm");
        if (refusal != null) {
            return refusal;
        }
        String target = target(channel, request.getSession());
        if (target == null) {
            return "redirect:" + channel.enrollPath();
        }
        SendResult result = codes.send(PhonePageModel.context(codes, channel, SignInCompletion.current(), Purpose.ENROLL,
                request), target, channel.codeDelivery());
        return switch (result.outcome()) {
            case SENT -> {
                flash.addFlashAttribute("notice", channel.wording().resent());
                yield "redirect:" + channel.enrollPath() + "/confirm";
            }
            case LIMITED, PAUSED -> showCode(model, channel, request, target, null, result.message());
            case UNDELIVERED -> PhonePageModel.notSent(model, channel, false);
        };
    }

    /** A redirect when this person may not enrol here now, or null when they may. */
    private String refusal(PhoneChannel channel, HttpServletRequest request, String returnPath) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!channel.available()) {
            return "redirect:/account/security/enroll";
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, returnPath);
        }
        return null;
    }

    private String showNumber(Model model, PhoneChannel channel, SignedInAccount account, String phone, String problem,
                              String warning) {
        PhonePageModel.common(model, channel);
        Optional<EnrolledNumber> current = channel.numbers().find(account.accountId());
        model.addAttribute("changing", current.isPresent());
        current.ifPresent(number -> model.addAttribute("currentNumber", PhoneNumbers.masked(number.e164())));
        model.addAttribute("phone", phone);
        model.addAttribute("problem", problem);
        model.addAttribute("warning", warning);
        return NUMBER_VIEW;
    }

    private String showCode(Model model, PhoneChannel channel, HttpServletRequest request, String target, String problem,
                            String warning) {
        PhonePageModel.common(model, channel);
        PhonePageModel.destination(model, target);
        CodeContext context = PhonePageModel.context(codes, channel, SignInCompletion.current(), Purpose.ENROLL, request);
        boolean live = codes.latest(context).filter(CodeStatus::live).filter(s -> s.destination().equals(target)).isPresent();
        model.addAttribute("live", live);
        model.addAttribute("problem", problem);
        model.addAttribute("warning", warning != null ? warning
                : live ? null : "Your code has expired or can no longer be used. Ask for a new code.");
        return CODE_VIEW;
    }

    private void tellOldNumber(PhoneChannel channel, SignedInAccount account, String old) {
        boolean told;
        try {
            channel.changeNotice().accept(old);
            told = true;
        } catch (RuntimeException e) {
            log.warn("Could not tell {} that the {} number changed: {}", PhoneNumbers.masked(old), channel.type().id(),
                    e.getMessage());
            told = false;
        }
        events.publishEvent(new OneTimeCodeEvents.OldNumberTold(account.accountId(), account.organisationId(),
                channel.type().id(), PhoneNumbers.masked(old), told));
    }

    private static String targetAttribute(PhoneChannel channel) {
        return "portcullis.onetimecode.enroll." + channel.type().id();
    }

    private static String target(PhoneChannel channel, HttpSession session) {
        return session.getAttribute(targetAttribute(channel)) instanceof String number ? number : null;
    }
}
