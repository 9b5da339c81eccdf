package io.s3posture.changes;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS API call recorded by CloudTrail and delivered through EventBridge and SQS: what was
 * called, on which bucket, by whom, and when. No SDK types: this is what the engine sees.
 *
 * @param eventId CloudTrail's {@code eventID} (the EventBridge envelope's {@code id} when absent)
 * @param eventName the API call as CloudTrail names it, e.g. {@code PutBucketEncryption}
 * @param eventSource the service, e.g. {@code s3.amazonaws.com}
 * @param bucket {@code requestParameters.bucketName}; empty for account-level calls
 *     (PutAccountPublicAccessBlock, DeleteAccountPublicAccessBlock) and calls without a bucket
 * @param accountId the account the call was recorded in ({@code recipientAccountId}, else the
 *     envelope's {@code account})
 * @param region {@code awsRegion} (else the envelope's {@code region})
 * @param principalArn {@code userIdentity.arn}: who called (empty for AWS services)
 * @param sessionIssuerArn {@code userIdentity.sessionContext.sessionIssuer.arn}: the role (or user)
 *     whose temporary credentials were used
 * @param sourceIpAddress {@code sourceIPAddress}: an IP address, or an AWS service's name
 * @param errorCode {@code errorCode}: present when the call failed, so it changed nothing
 * @param eventTime when AWS recorded the call ({@code eventTime})
 * @param receivedAt when the operator received the message
 * @param queue the name of the queue it came from (a metric label)
 */
public record ChangeEvent(
    String eventId,
    String eventName,
    String eventSource,
    Optional<String> bucket,
    String accountId,
    String region,
    Optional<String> principalArn,
    Optional<String> sessionIssuerArn,
    Optional<String> sourceIpAddress,
    Optional<String> errorCode,
    Instant eventTime,
    Instant receivedAt,
    String queue) {

  /** CloudTrail's event source of S3 (bucket-level and account-level calls alike). */
  public static final String S3_EVENT_SOURCE = "s3.amazonaws.com";

  /**
   * The services whose calls can change what an AccountPolicy checks: S3, and the detection
   * services it audits (a trail stopped, a recorder deleted, GuardDuty or Macie turned off).
   */
  public static final Set<String> ACCOUNT_EVENT_SOURCES =
      Set.of(
          S3_EVENT_SOURCE,
          "cloudtrail.amazonaws.com",
          "config.amazonaws.com",
          "guardduty.amazonaws.com",
          "macie2.amazonaws.com");

  public ChangeEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(eventSource, "eventSource");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(principalArn, "principalArn");
    Objects.requireNonNull(sessionIssuerArn, "sessionIssuerArn");
    Objects.requireNonNull(sourceIpAddress, "sourceIpAddress");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(queue, "queue");
  }

  /** The call failed (CloudTrail recorded an {@code errorCode}): it changed nothing. */
  public boolean failedCall() {
    return errorCode.isPresent();
  }

  /** An account-level call: it has no bucket. */
  public boolean accountLevel() {
    return bucket.isEmpty();
  }

  /** A call to S3 (bucket or account configuration). */
  public boolean fromS3() {
    return S3_EVENT_SOURCE.equals(eventSource);
  }

  /** A call to S3 or to one of the detection services an AccountPolicy audits. */
  public boolean fromAccountService() {
    return ACCOUNT_EVENT_SOURCES.contains(eventSource);
  }
}
