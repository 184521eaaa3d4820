package dev.portcullis.mfa.onetimecode;

import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import dev.portcullis.shared.ServiceProperties;

/**
 * The words of outbound text messages and calls, from Thymeleaf TEXT templates under
 * {@code templates/messages/} so that they can be read and changed in one place. A private
 * engine: the application's HTML engine is left alone.
 */
@Component
public class MessageTexts {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ServiceProperties service;
    private final OneTimeCodeProperties codes;

    MessageTexts(ServiceProperties service, OneTimeCodeProperties codes) {
        this.service = service;
        this.codes = codes;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(MessageTexts.class.getClassLoader());
        resolver.setPrefix("templates/messages/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /** "Portcullis: your security code is 123456. It expires in 10 minutes. Never share this code — ..." */
    public String smsCode(String code) {
        return render("sms-code", Map.of("code", code));
    }

    /**
     * What a call says: the code digit by digit, twice, one digit a line so that the gateway
     * pauses between them. The call only reads the code; nothing is ever approved by a key press
     * (OOB-05): the code must be typed on the page.
     */
    public String voiceCode(String code) {
        return render("voice-code", Map.of("digits", String.join("\n", code.chars().mapToObj(c -> (char) c + ".").toList())));
    }

    /** Sent to the old number when the number for codes changes (OOB-06). */
    public String smsNumberChanged() {
        return render("sms-number-changed", Map.of());
    }

    /** Said on a call to the old number when the number for calls changes (OOB-06). */
    public String voiceNumberChanged() {
        return render("voice-number-changed", Map.of());
    }

    private String render(String template, Map<String, Object> variables) {
        Context context = new Context(Locale.UK);
        context.setVariables(variables);
        context.setVariable("service", service.serviceName());
        context.setVariable("minutes", codes.validity().toMinutes());
        return engine.process(template, context).strip();
    }
}
