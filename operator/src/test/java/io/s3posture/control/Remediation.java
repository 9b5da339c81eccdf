package io.s3posture.control;

import io.s3posture.aws.S3Gateway;

/** Runs a control's planned writes against a gateway, as the engine would (without read-back). */
final class Remediation {

  private Remediation() {}

  static <D, O> void apply(
      Control<BucketSubject, D, O> control, S3Gateway s3, String bucket, D desired, O observed) {
    BucketSubject subject = BucketSubject.of(s3, bucket);
    control.plan(subject, desired, observed).forEach(write -> write.apply(subject));
  }

  static <D, O> O observe(Control<BucketSubject, D, O> control, S3Gateway s3, String bucket) {
    return control.observe(BucketSubject.of(s3, bucket));
  }

  static BucketPolicyView policy(S3Gateway s3, String bucket) {
    return BucketPolicyView.observe(BucketSubject.of(s3, bucket));
  }
}
