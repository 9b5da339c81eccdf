package io.s3posture.fleet;

/**
 * What the fleet checks, whatever its kind: a bucket or an account. The one key of the work queue,
 * of retries and of every policy's ledger: one check of a subject at a time, for every policy that
 * governs it.
 */
public sealed interface SubjectKey permits BucketKey, AccountKey {

  /** The endpoint URL, or {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
  String endpoint();

  /** Its name in a policy's ledger and status: the bucket, or the account id. */
  String name();
}
