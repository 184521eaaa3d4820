package dev.portcullis.notification;

/** An email ready to queue: one-line subject, plain-text body and HTML body. */
record RenderedEmail(String subject, String textBody, String htmlBody) {

    @Override
    public String toString() {
        // Bodies may name the person and their methods: keep them out of logs.
        return "RenderedEmail[subject=" + subject + "]";
    }
}
