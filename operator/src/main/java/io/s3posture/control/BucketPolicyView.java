package io.s3posture.control;

import java.util.Optional;

/** A bucket's policy as observed, with the bucket's ARN that statements refer to. */
public record BucketPolicyView(String bucketArn, Optional<String> json) {

  static BucketPolicyView observe(io.s3posture.aws.S3Gateway gateway, String bucket) {
    return new BucketPolicyView(
        "arn:" + gateway.arnPartition() + ":s3:::" + bucket, gateway.bucketPolicy(bucket));
  }

  /** The drift of a policy that is not valid JSON: only a person can repair it. */
  static final Drift UNPARSEABLE =
      Drift.of(FieldDrift.notRemediable("policy", "a valid JSON policy", "unparseable policy"));

  /** The parsed document: empty policy when there is none, empty Optional when unparseable. */
  Optional<PolicyDocument> document() {
    return json.isEmpty()
        ? Optional.of(PolicyDocument.empty())
        : json.flatMap(PolicyDocument::parse);
  }
}
