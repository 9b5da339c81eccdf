package io.s3posture.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads one SQS message body: an EventBridge event with {@code detail-type: "AWS API Call via
 * CloudTrail"} whose {@code detail} is a CloudTrail record (what an EventBridge rule targeting SQS
 * delivers), or a bare CloudTrail record. SNS envelopes and S3 event notifications are recognised
 * and rejected as unsupported. Pure: no I/O, thread-safe.
 */
public final class ChangeEventParser {

  public static final String CLOUDTRAIL_API_CALL = "AWS API Call via CloudTrail";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ParseResult parse(String body, String queue, Instant receivedAt) {
    if (body == null || body.isBlank()) {
      return rejected(RejectReason.EMPTY_BODY, "empty message body");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return rejected(RejectReason.NOT_JSON, e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return rejected(RejectReason.NOT_AN_OBJECT, "the body is JSON but not an object");
    }
    if (root.has("detail-type")) {
      String detailType = root.path("detail-type").asText();
      if (!CLOUDTRAIL_API_CALL.equals(detailType)) {
        return rejected(RejectReason.NOT_CLOUDTRAIL_API_CALL, "detail-type '" + detailType + "'");
      }
      JsonNode detail = root.path("detail");
      if (!detail.isObject()) {
        return rejected(RejectReason.MISSING_FIELD, "detail");
      }
      return record(detail, root, queue, receivedAt);
    }
    if ("Notification".equals(root.path("Type").asText()) && root.has("Message")) {
      return rejected(RejectReason.SNS_NOTIFICATION, "an SNS notification envelope");
    }
    if (root.has("Records")) {
      return "aws:s3".equals(root.path("Records").path(0).path("eventSource").asText())
          ? rejected(RejectReason.S3_EVENT_NOTIFICATION, "an S3 event notification")
          : rejected(RejectReason.RECORD_BATCH, "a list of records");
    }
    if (root.has("eventVersion") || (root.has("eventSource") && root.has("eventName"))) {
      return record(root, JSON.createObjectNode(), queue, receivedAt);
    }
    return rejected(
        RejectReason.UNKNOWN_SHAPE, "neither an EventBridge event nor a CloudTrail record");
  }

  private static ParseResult record(
      JsonNode detail, JsonNode envelope, String queue, Instant receivedAt) {
    try {
      Optional<String> eventType = text(detail, "eventType");
      if (eventType.isPresent() && !eventType.get().equals("AwsApiCall")) {
        return rejected(
            RejectReason.NOT_CLOUDTRAIL_API_CALL, "eventType '" + eventType.get() + "'");
      }
      JsonNode identity = detail.path("userIdentity");
      return new ParseResult.Parsed(
          new ChangeEvent(
              required(either(detail, "eventID", envelope, "id"), "eventID"),
              required(text(detail, "eventName"), "eventName"),
              required(text(detail, "eventSource"), "eventSource"),
              text(detail.path("requestParameters"), "bucketName"),
              required(
                  either(detail, "recipientAccountId", envelope, "account"), "recipientAccountId"),
              required(either(detail, "awsRegion", envelope, "region"), "awsRegion"),
              text(identity, "arn"),
              text(identity.path("sessionContext").path("sessionIssuer"), "arn"),
              text(detail, "sourceIPAddress"),
              text(detail, "errorCode"),
              instant(
                  required(either(detail, "eventTime", envelope, "time"), "eventTime"),
                  "eventTime"),
              receivedAt,
              queue));
    } catch (FieldException e) {
      return rejected(e.reason, e.getMessage());
    }
  }

  /** A non-blank string field; absent when missing, null or blank; invalid when not a string. */
  private static Optional<String> text(JsonNode node, String field) throws FieldException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new FieldException(RejectReason.INVALID_FIELD, field + " is not a string");
    }
    return Optional.of(value.asText()).filter(s -> !s.isBlank());
  }

  /** The record's field, else the EventBridge envelope's. */
  private static Optional<String> either(
      JsonNode detail, String field, JsonNode envelope, String envelopeField)
      throws FieldException {
    Optional<String> value = text(detail, field);
    return value.isPresent() ? value : text(envelope, envelopeField);
  }

  private static String required(Optional<String> value, String field) throws FieldException {
    return value.orElseThrow(() -> new FieldException(RejectReason.MISSING_FIELD, field));
  }

  private static Instant instant(String value, String field) throws FieldException {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new FieldException(
          RejectReason.INVALID_FIELD, field + " '" + value + "' is not an ISO-8601 instant");
    }
  }

  private static ParseResult rejected(RejectReason reason, String detail) {
    return new ParseResult.Rejected(reason, detail == null ? "" : detail);
  }

  private static final class FieldException extends Exception {
    private final RejectReason reason;

    FieldException(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
