package dev.portcullis.help;

/** What the feedback form sent, as typed (nulls for missing fields). */
record FeedbackForm(String topic, String message, String contact) {

    FeedbackForm {
        topic = topic == null ? "" : topic;
        message = message == null ? "" : message;
        contact = contact == null ? "" : contact;
    }

    static FeedbackForm empty() {
        return new FeedbackForm("", "", "");
    }
}
