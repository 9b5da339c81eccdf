package io.s3posture.cli;

import io.s3posture.testing.BucketSeeder;
import java.util.List;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;

/** The states of moto buckets the audit tests check, seeded with {@link BucketSeeder}. */
final class BucketStates {

  static final String REPLICATION_ROLE = "arn:aws:iam::123456789012:role/s3-replication";
  static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/audit-test-key";

  private BucketStates() {}

  /**
   * Passes every bucket check of the baseline that moto can show (not the SSE-C block nor MFA
   * delete: unverifiable there).
   */
  static void compliant(BucketSeeder seed, String bucket) {
    String replica = bucket + "-replica";
    String logs = bucket + "-logs";
    seed.createWithObjectLock(bucket)
        .ownership(bucket, ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .blockPublicAccess(bucket)
        .encryption(bucket, "aws:kms", KMS_KEY)
        .versioning(bucket, BucketVersioningStatus.ENABLED)
        .create(replica)
        .versioning(replica, BucketVersioningStatus.ENABLED)
        .replication(bucket, REPLICATION_ROLE, "to-replica", 1, "", replica)
        .policy(bucket, tlsOnlyPolicy(bucket))
        .create(logs)
        .logDeliveryTarget(logs)
        .accessLogging(bucket, logs)
        .lifecycle(bucket, BucketSeeder.expiringAfter("expire-365", 365));
  }

  /** Fails every bucket check of the baseline. */
  static void exposed(BucketSeeder seed, String bucket) {
    seed.create(bucket)
        .publicReadAcl(bucket)
        .encryption(bucket, "AES512", null)
        .policy(bucket, publicReadPolicy(bucket))
        .website(bucket, "index.html")
        .lifecycle(bucket, BucketSeeder.expiringAfter("expire-1", 1));
  }

  static String tlsOnlyPolicy(String bucket) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyPlainHttp","Effect":"Deny",\
        "Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],\
        "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
        .formatted(bucket);
  }

  static String publicReadPolicy(String bucket) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow",\
        "Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}"""
        .formatted(bucket);
  }

  /** The buckets {@link #compliant} creates besides the bucket itself. */
  static List<String> helperBuckets(String bucket) {
    return List.of(bucket + "-replica", bucket + "-logs");
  }
}
