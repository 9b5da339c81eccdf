package io.s3posture.aws;

import java.time.Duration;
import java.util.List;

/**
 * One SQS queue, narrowly: receive with long polling, delete what was handled. Failures are {@link
 * AwsFailure}s (network, access denied, throttled, ...).
 */
public interface QueueGateway {

  /**
   * Waits up to {@code wait} for messages (an empty list when none came) and hides each received
   * message from other receivers for {@code visibilityTimeout}.
   */
  List<QueueMessage> receive(int maxMessages, Duration wait, Duration visibilityTimeout);

  /**
   * Deletes received messages (at most 10 per call, SQS's batch limit).
   *
   * @return the ids of the messages the queue did not delete (e.g. an expired receipt handle)
   */
  List<String> delete(List<QueueMessage> messages);

  /**
   * Makes received messages visible again at once (at most 10 per call), for another receiver: what
   * a receive brought in while the operator was stopping.
   */
  void returnToQueue(List<QueueMessage> messages);
}
