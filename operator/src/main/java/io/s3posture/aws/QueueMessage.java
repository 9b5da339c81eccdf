package io.s3posture.aws;

import java.util.Objects;

/**
 * One message received from a queue.
 *
 * @param messageId the queue's id for the message
 * @param receiptHandle what deletes this receipt of the message
 * @param body the message body
 * @param receiveCount how often the queue has handed the message out (1 on first delivery)
 */
public record QueueMessage(String messageId, String receiptHandle, String body, int receiveCount) {

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receiptHandle, "receiptHandle");
    Objects.requireNonNull(body, "body");
  }
}
