package io.s3posture.control;

import io.s3posture.aws.AwsFailure;

/** What a check runs against: a bucket or an account. */
public interface CheckSubject {

  /** The subject's name: the bucket, or the account id. */
  String name();

  /** Makes the next reads go to AWS again (read-back after a write). */
  default void forgetReads() {}

  /** Whether a failure of this kind means the subject itself is gone (no further reads). */
  default boolean isGone(AwsFailure failure) {
    return false;
  }
}
