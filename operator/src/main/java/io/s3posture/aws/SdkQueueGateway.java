package io.s3posture.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@link QueueGateway} over the SDK's SQS client: ReceiveMessage, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch.
 */
final class SdkQueueGateway implements QueueGateway {

  /** SQS's limit for ReceiveMessage and DeleteMessageBatch. */
  static final int MAX_BATCH = 10;

  private final SqsClient sqs;
  private final String queueUrl;

  SdkQueueGateway(SqsClient sqs, String queueUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  @Override
  public List<QueueMessage> receive(int maxMessages, Duration wait, Duration visibilityTimeout) {
    try {
      return sqs
          .receiveMessage(
              request ->
                  request
                      .queueUrl(queueUrl)
                      .maxNumberOfMessages(Math.max(1, Math.min(MAX_BATCH, maxMessages)))
                      .waitTimeSeconds((int) wait.toSeconds())
                      .visibilityTimeout((int) visibilityTimeout.toSeconds())
                      .messageSystemAttributeNames(
                          MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .messages()
          .stream()
          .map(SdkQueueGateway::message)
          .toList();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("ReceiveMessage", e);
    }
  }

  @Override
  public List<String> delete(List<QueueMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    if (messages.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " messages per delete");
    }
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id("m" + i)
              .receiptHandle(messages.get(i).receiptHandle())
              .build());
    }
    DeleteMessageBatchResponse response;
    try {
      response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("DeleteMessageBatch", e);
    }
    List<String> failed = new ArrayList<>();
    for (BatchResultErrorEntry error : response.failed()) {
      int index = Integer.parseInt(error.id().substring(1));
      failed.add(messages.get(index).messageId());
    }
    return failed;
  }

  @Override
  public void returnToQueue(List<QueueMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    if (messages.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " messages per call");
    }
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          ChangeMessageVisibilityBatchRequestEntry.builder()
              .id("m" + i)
              .receiptHandle(messages.get(i).receiptHandle())
              .visibilityTimeout(0)
              .build());
    }
    try {
      sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(entries));
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("ChangeMessageVisibilityBatch", e);
    }
  }

  private static QueueMessage message(Message message) {
    Map<MessageSystemAttributeName, String> attributes = message.attributes();
    String count = attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return new QueueMessage(
        message.messageId(),
        message.receiptHandle(),
        message.body() == null ? "" : message.body(),
        count == null ? 1 : Integer.parseInt(count));
  }
}
