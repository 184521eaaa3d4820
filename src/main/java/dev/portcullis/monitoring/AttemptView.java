package dev.portcullis.monitoring;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One sign-in attempt in plain words, for the Recent activity and administrators' pages. */
record AttemptView(long id, String when, String device, String place, String address, String method, String outcome,
                   boolean flagged, List<String> signals, String signalText, int score, boolean reported, boolean reportable, String account) {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private static final Map<String, String> METHODS = Map.of(
            "password", "Password", "totp", "Authenticator app", "sms", "Text message", "voice", "Phone call",
            "webauthn", "Security key or passkey", "recovery", "Recovery code");

    private static final Map<String, String> OUTCOMES = Map.of(
            "success", "Signed in", "challenged", "Second step not completed", "wrong_password", "Wrong password",
            "wrong_code", "Wrong security code", "throttled", "Paused after too many attempts", "blocked", "Blocked");

    private static final Map<String, String> SIGNALS = Map.of(
            "new_device", "New device", "new_network", "New network", "new_country", "New country",
            "impossible_travel", "Impossible travel", "failure_burst", "Many failed attempts",
            "spraying", "One network trying many accounts", "mfa_fatigue", "Repeated unanswered second steps");

    static AttemptView of(AttemptRecord a, String account) {
        return new AttemptView(a.id(), WHEN.format(a.at()), UserAgents.describe(a.userAgent()), NotMe.placeName(a.place()),
                a.sourceIp() == null ? "" : a.sourceIp(), METHODS.getOrDefault(a.method(), a.method()),
                OUTCOMES.getOrDefault(a.outcome().dbValue(), a.outcome().dbValue()), a.flagged(),
                a.signals().stream().map(s -> SIGNALS.getOrDefault(s, s)).toList(),
                String.join(", ", a.signals().stream().map(s -> SIGNALS.getOrDefault(s, s)).toList()), a.score(), a.reportedAt() != null,
                a.flagged() && a.reportedAt() == null && a.accountId() != null, account);
    }
}
