package io.s3posture.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's narrow view of S3 for one account and region. Reads are normalised: a setting that
 * is not configured comes back as what AWS means by its absence. Every failure is an {@link
 * AwsFailure} with a classified kind; no SDK type crosses this boundary.
 */
public interface S3Gateway {

  /** The ARN partition of the gateway's region: aws, aws-cn or aws-us-gov. */
  default String arnPartition() {
    return "aws";
  }

  /**
   * The account that must own the buckets (sent as ExpectedBucketOwner), when configured: the
   * bucket owner's account for checks that tell own principals from others.
   */
  default Optional<String> expectedOwner() {
    return Optional.empty();
  }

  // discovery

  /** Buckets the credentials can list, in {@code region} when given (paginated). */
  List<BucketSummary> listBuckets(Optional<String> region);

  /** The bucket's region (GetBucketLocation). */
  String bucketRegion(String bucket);

  /** Bucket tags; none when the bucket has no tag set. */
  Map<String, String> bucketTags(String bucket);

  // one read and the writes of each setting

  PublicAccessBlock publicAccessBlock(String bucket);

  void putPublicAccessBlock(String bucket, PublicAccessBlock block);

  DefaultEncryption defaultEncryption(String bucket);

  void putDefaultEncryption(String bucket, DefaultEncryption encryption);

  VersioningState versioning(String bucket);

  /** Sets Status=Enabled and nothing else (MFA delete needs the root user with an MFA code). */
  void enableVersioning(String bucket);

  ObjectLockState objectLock(String bucket);

  void putObjectLock(String bucket, ObjectLockState lock);

  Optional<ReplicationConfig> replication(String bucket);

  void putReplication(String bucket, ReplicationConfig replication);

  /** The lifecycle configuration, or empty when the bucket has none. */
  Optional<LifecycleConfiguration> lifecycle(String bucket);

  /** Replaces the whole lifecycle configuration (S3 has no per-rule write). */
  void putLifecycle(String bucket, LifecycleConfiguration configuration);

  /**
   * The bucket's access points in the gateway's region owned by {@code accountId} (S3 Control: the
   * list, then each one's Block Public Access and policy).
   */
  List<AccessPoint> accessPoints(String accountId, String bucket);

  /** The bucket policy document as JSON, or empty when the bucket has none. */
  Optional<String> bucketPolicy(String bucket);

  void putBucketPolicy(String bucket, String policyJson);

  BucketAcl acl(String bucket);

  void putAcl(String bucket, BucketAcl acl);

  /** Resets the ACL to the canned "private" ACL (owner FULL_CONTROL only). */
  void putPrivateAcl(String bucket);

  ObjectOwnership ownership(String bucket);

  void putOwnership(String bucket, ObjectOwnership ownership);

  Optional<LoggingTarget> logging(String bucket);

  void putLogging(String bucket, LoggingTarget target);

  boolean hasWebsite(String bucket);

  /** Removes the website configuration; objects are untouched. */
  void deleteWebsite(String bucket);
}
