package dev.portcullis.mfa.sms;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.mfa.onetimecode.PhoneChallengePages;
import dev.portcullis.mfa.onetimecode.PhoneEnrolmentPages;

/**
 * The text message pages: enrolment under {@code /account/security/factors/sms} (signed in) and
 * the sign-in step at {@code /signin/factor/sms} (after the password step). The work is done by
 * the shared phone pages, with this factor's channel.
 */
@Controller
class SmsController {

    private final SmsFactor factor;
    private final PhoneEnrolmentPages enrolment;
    private final PhoneChallengePages challenge;

    SmsController(SmsFactor factor, PhoneEnrolmentPages enrolment, PhoneChallengePages challenge) {
        this.factor = factor;
        this.enrolment = enrolment;
        this.challenge = challenge;
    }

    @GetMapping(SmsFactor.ENROLL_PATH)
    String enrollForm(HttpServletRequest request, Model model) {
        return enrolment.numberForm(factor.channel(), request, model);
    }

    @PostMapping(SmsFactor.ENROLL_PATH)
    String startEnrolment(@RequestParam(defaultValue = "") String phone, HttpServletRequest request, Model model) {
        return enrolment.start(factor.channel(), phone, request, model);
    }

    @GetMapping(SmsFactor.ENROLL_PATH + "/confirm")
    String confirmForm(HttpServletRequest request, Model model) {
        return enrolment.codeForm(factor.channel(), request, model);
    }

    @PostMapping(SmsFactor.ENROLL_PATH + "/confirm")
    String confirm(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
                   Model model) {
        return enrolment.confirm(factor.channel(), code, request, response, model);
    }

    @PostMapping(SmsFactor.ENROLL_PATH + "/resend")
    String resendEnrolmentCode(HttpServletRequest request, Model model, RedirectAttributes flash) {
        return enrolment.resend(factor.channel(), request, model, flash);
    }

    @GetMapping(SmsFactor.CHALLENGE_PATH)
    String challenge(HttpServletRequest request, Model model) {
        return challenge.show(factor.channel(), request, model);
    }

    @PostMapping(SmsFactor.CHALLENGE_PATH)
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        return challenge.verify(factor.channel(), code, request, response, model);
    }

    @PostMapping(SmsFactor.CHALLENGE_PATH + "/resend")
    String resend(HttpServletRequest request, Model model, RedirectAttributes flash) {
        return challenge.resend(factor.channel(), request, model, flash);
    }
}
