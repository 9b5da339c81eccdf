package io.s3posture.cli;

import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;

/** Puts moto buckets into the states the audit tests check. */
final class BucketStates {

  static final String REPLICATION_ROLE = "arn:aws:iam::123456789012:role/s3-replication";
  static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/audit-test-key";

  private BucketStates() {}

  /**
   * Passes every bucket check of the baseline that moto can show (not the SSE-C block nor MFA
   * delete: unverifiable there).
   */
  static void compliant(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
    s3.putBucketOwnershipControls(
        r ->
            r.bucket(bucket)
                .ownershipControls(
                    c ->
                        c.rules(
                            rule -> rule.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
    blockPublicAccess(s3, bucket);
    encrypt(s3, bucket, "aws:kms", KMS_KEY);
    versioned(s3, bucket);
    replicated(s3, bucket);
    s3.putBucketPolicy(r -> r.bucket(bucket).policy(tlsOnlyPolicy(bucket)));
    logged(s3, bucket);
    expiring(s3, bucket, 365);
  }

  /** Fails every bucket check of the baseline. */
  static void exposed(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket));
    s3.putBucketAcl(r -> r.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
    encrypt(s3, bucket, "AES512", null);
    s3.putBucketPolicy(r -> r.bucket(bucket).policy(publicReadPolicy(bucket)));
    s3.putBucketWebsite(
        r ->
            r.bucket(bucket)
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))));
    expiring(s3, bucket, 1);
  }

  /** A lifecycle rule that expires every current and noncurrent version after {@code days}. */
  static void expiring(S3Client s3, String bucket, int days) {
    s3.putBucketLifecycleConfiguration(
        r ->
            r.bucket(bucket)
                .lifecycleConfiguration(
                    c ->
                        c.rules(
                            rule ->
                                rule.id("expire-" + days)
                                    .status(ExpirationStatus.ENABLED)
                                    .filter(f -> f.prefix(""))
                                    .expiration(e -> e.days(days))
                                    .noncurrentVersionExpiration(e -> e.noncurrentDays(days)))));
  }

  /** Default encryption with any algorithm string (moto accepts what AWS would refuse). */
  static void encrypt(S3Client s3, String bucket, String algorithm, String kmsKey) {
    s3.putBucketEncryption(
        r ->
            r.bucket(bucket)
                .serverSideEncryptionConfiguration(
                    c ->
                        c.rules(
                            rule ->
                                rule.applyServerSideEncryptionByDefault(
                                    d -> d.sseAlgorithm(algorithm).kmsMasterKeyID(kmsKey)))));
  }

  static void blockPublicAccess(S3Client s3, String bucket) {
    s3.putPublicAccessBlock(
        r ->
            r.bucket(bucket)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(true)
                            .ignorePublicAcls(true)
                            .blockPublicPolicy(true)
                            .restrictPublicBuckets(true)));
  }

  static void versioned(S3Client s3, String bucket) {
    s3.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
  }

  private static void replicated(S3Client s3, String bucket) {
    String replica = bucket + "-replica";
    s3.createBucket(r -> r.bucket(replica));
    versioned(s3, replica);
    s3.putBucketReplication(
        r ->
            r.bucket(bucket)
                .replicationConfiguration(
                    c ->
                        c.role(REPLICATION_ROLE)
                            .rules(
                                rule ->
                                    rule.id("to-replica")
                                        .priority(1)
                                        .status(ReplicationRuleStatus.ENABLED)
                                        .filter(f -> f.prefix(""))
                                        .deleteMarkerReplication(
                                            d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                                        .destination(d -> d.bucket("arn:aws:s3:::" + replica)))));
  }

  private static void logged(S3Client s3, String bucket) {
    String target = bucket + "-logs";
    s3.createBucket(r -> r.bucket(target));
    s3.putBucketPolicy(
        r ->
            r.bucket(target)
                .policy(
                    """
                    {"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogs",\
                    "Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},\
                    "Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/access/*"}]}"""
                        .formatted(target)));
    s3.putBucketLogging(
        r ->
            r.bucket(bucket)
                .bucketLoggingStatus(
                    s -> s.loggingEnabled(l -> l.targetBucket(target).targetPrefix("access/"))));
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
