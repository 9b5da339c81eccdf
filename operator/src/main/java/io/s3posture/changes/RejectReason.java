package io.s3posture.changes;

/**
 * Why a queue message is not a change event. A malformed message is broken (not JSON, or a
 * CloudTrail API call with fields missing or of the wrong type); an unsupported one is valid JSON
 * that is not a CloudTrail API call (another EventBridge event, an SNS notification, an S3 event
 * notification). Either way the message is counted, logged (rate-limited) and deleted.
 */
public enum RejectReason {
  EMPTY_BODY(Kind.MALFORMED, "EmptyBody"),
  NOT_JSON(Kind.MALFORMED, "NotJson"),
  NOT_AN_OBJECT(Kind.MALFORMED, "NotAnObject"),
  MISSING_FIELD(Kind.MALFORMED, "MissingField"),
  INVALID_FIELD(Kind.MALFORMED, "InvalidField"),
  /** An EventBridge event of another detail-type, or a CloudTrail record that is no API call. */
  NOT_CLOUDTRAIL_API_CALL(Kind.UNSUPPORTED, "NotCloudTrailApiCall"),
  /** An SNS notification envelope (raw message delivery off): not supported. */
  SNS_NOTIFICATION(Kind.UNSUPPORTED, "SnsNotification"),
  /** An S3 event notification ({@code Records[].eventSource: aws:s3}): object events, not ours. */
  S3_EVENT_NOTIFICATION(Kind.UNSUPPORTED, "S3EventNotification"),
  /** A list of CloudTrail records (a log file): one record per message is expected. */
  RECORD_BATCH(Kind.UNSUPPORTED, "RecordBatch"),
  UNKNOWN_SHAPE(Kind.UNSUPPORTED, "UnknownShape");

  /** The two families of rejected messages; also the metric outcome label. */
  public enum Kind {
    MALFORMED("malformed"),
    UNSUPPORTED("unsupported");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Kind kind;
  private final String reason;

  RejectReason(Kind kind, String reason) {
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** Stable CamelCase name for logs. */
  public String reason() {
    return reason;
  }
}
