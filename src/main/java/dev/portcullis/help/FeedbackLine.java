package dev.portcullis.help;

import java.time.Instant;

/** One stored message as the administrators see it; the sender may since have been deleted. */
record FeedbackLine(long id, Instant submittedAt, String senderEmail, String senderName, String topic, String message,
                    String contactEmail) {

    String topicLabel() {
        return FeedbackTopic.labelOf(topic);
    }
}
