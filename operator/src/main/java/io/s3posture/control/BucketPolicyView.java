package io.s3posture.control;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import java.util.Objects;
import java.util.Optional;

/**
 * A bucket's policy as observed, with the bucket's ARN that statements refer to and the IAM
 * principal the operator acts as for the bucket, when known (statements must never lock it out).
 */
public record BucketPolicyView(
    String bucketArn, Optional<String> json, Optional<String> operatorPrincipal) {

  public BucketPolicyView {
    Objects.requireNonNull(bucketArn, "bucketArn");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(operatorPrincipal, "operatorPrincipal");
  }

  /** A policy observed without knowing the operator's principal. */
  public BucketPolicyView(String bucketArn, Optional<String> json) {
    this(bucketArn, json, Optional.empty());
  }

  /**
   * Reads the policy. S3 refuses to store a policy that is not JSON, so text that does not parse as
   * JSON is a response cut short or corrupted on the way: a transient read failure, never a finding
   * about the bucket.
   */
  static BucketPolicyView observe(BucketSubject subject) {
    Optional<String> json = subject.s3().bucketPolicy(subject.bucket());
    if (json.isPresent() && !PolicyDocument.isJson(json.get())) {
      throw new AwsFailure(
          FailureKind.MALFORMED_RESPONSE,
          "GetBucketPolicy",
          null,
          "GetBucketPolicy failed: the policy in the response is not JSON (cut short or"
              + " corrupted on the way; S3 only stores valid JSON)",
          null);
    }
    return new BucketPolicyView(subject.arn(), json, subject.operatorPrincipal());
  }

  /** The drift of JSON that is not a policy document: only a person can repair it. */
  static final Drift UNPARSEABLE =
      Drift.of(
          FieldDrift.notRemediable(
              "policy",
              "a policy document (an object with Statement)",
              "JSON that is not a policy"));

  /** The parsed document: empty policy when there is none, empty Optional when not a policy. */
  Optional<PolicyDocument> document() {
    return json.isEmpty()
        ? Optional.of(PolicyDocument.empty())
        : json.flatMap(PolicyDocument::parse);
  }
}
