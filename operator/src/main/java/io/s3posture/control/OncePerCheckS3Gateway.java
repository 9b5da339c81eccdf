package io.s3posture.control;

import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.LifecycleConfiguration;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.ObjectLockState;
import io.s3posture.aws.ObjectOwnership;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.S3Gateway;
import io.s3posture.aws.VersioningState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One bucket check's view of S3: each setting is read at most once (several controls read the
 * bucket policy or the ACL), a write forgets what was read, and {@link #forgetReads()} makes the
 * next read go to S3 again (read-back after a write). Failed reads are not remembered.
 */
final class OncePerCheckS3Gateway implements S3Gateway {

  private final S3Gateway s3;
  private final Map<String, Object> reads = new ConcurrentHashMap<>();

  OncePerCheckS3Gateway(S3Gateway s3) {
    this.s3 = s3;
  }

  /** Wraps {@code s3} unless it already reads once per check. */
  static S3Gateway of(S3Gateway s3) {
    return s3 instanceof OncePerCheckS3Gateway ? s3 : new OncePerCheckS3Gateway(s3);
  }

  void forgetReads() {
    reads.clear();
  }

  @SuppressWarnings("unchecked")
  private <T> T once(String setting, String bucket, Supplier<T> read) {
    String key = setting + "/" + bucket;
    Object known = reads.get(key);
    if (known != null) {
      return (T) known;
    }
    T value = read.get();
    reads.put(key, value);
    return value;
  }

  private void wrote(Runnable write) {
    try {
      write.run();
    } finally {
      reads.clear();
    }
  }

  @Override
  public String arnPartition() {
    return s3.arnPartition();
  }

  @Override
  public Optional<String> expectedOwner() {
    return s3.expectedOwner();
  }

  @Override
  public List<BucketSummary> listBuckets(Optional<String> region) {
    return s3.listBuckets(region);
  }

  @Override
  public String bucketRegion(String bucket) {
    return s3.bucketRegion(bucket);
  }

  @Override
  public Map<String, String> bucketTags(String bucket) {
    return s3.bucketTags(bucket);
  }

  @Override
  public PublicAccessBlock publicAccessBlock(String bucket) {
    return once("publicAccessBlock", bucket, () -> s3.publicAccessBlock(bucket));
  }

  @Override
  public void putPublicAccessBlock(String bucket, PublicAccessBlock block) {
    wrote(() -> s3.putPublicAccessBlock(bucket, block));
  }

  @Override
  public DefaultEncryption defaultEncryption(String bucket) {
    return once("encryption", bucket, () -> s3.defaultEncryption(bucket));
  }

  @Override
  public void putDefaultEncryption(String bucket, DefaultEncryption encryption) {
    wrote(() -> s3.putDefaultEncryption(bucket, encryption));
  }

  @Override
  public VersioningState versioning(String bucket) {
    return once("versioning", bucket, () -> s3.versioning(bucket));
  }

  @Override
  public void enableVersioning(String bucket) {
    wrote(() -> s3.enableVersioning(bucket));
  }

  @Override
  public ObjectLockState objectLock(String bucket) {
    return once("objectLock", bucket, () -> s3.objectLock(bucket));
  }

  @Override
  public void putObjectLock(String bucket, ObjectLockState lock) {
    wrote(() -> s3.putObjectLock(bucket, lock));
  }

  @Override
  public Optional<ReplicationConfig> replication(String bucket) {
    return once("replication", bucket, () -> s3.replication(bucket));
  }

  @Override
  public void putReplication(String bucket, ReplicationConfig replication) {
    wrote(() -> s3.putReplication(bucket, replication));
  }

  @Override
  public Optional<LifecycleConfiguration> lifecycle(String bucket) {
    return once("lifecycle", bucket, () -> s3.lifecycle(bucket));
  }

  @Override
  public void putLifecycle(String bucket, LifecycleConfiguration configuration) {
    wrote(() -> s3.putLifecycle(bucket, configuration));
  }

  @Override
  public List<AccessPoint> accessPoints(String accountId, String bucket) {
    return once("accessPoints/" + accountId, bucket, () -> s3.accessPoints(accountId, bucket));
  }

  @Override
  public Optional<String> bucketPolicy(String bucket) {
    return once("policy", bucket, () -> s3.bucketPolicy(bucket));
  }

  @Override
  public void putBucketPolicy(String bucket, String policyJson) {
    wrote(() -> s3.putBucketPolicy(bucket, policyJson));
  }

  @Override
  public BucketAcl acl(String bucket) {
    return once("acl", bucket, () -> s3.acl(bucket));
  }

  @Override
  public void putAcl(String bucket, BucketAcl acl) {
    wrote(() -> s3.putAcl(bucket, acl));
  }

  @Override
  public void putPrivateAcl(String bucket) {
    wrote(() -> s3.putPrivateAcl(bucket));
  }

  @Override
  public ObjectOwnership ownership(String bucket) {
    return once("ownership", bucket, () -> s3.ownership(bucket));
  }

  @Override
  public void putOwnership(String bucket, ObjectOwnership ownership) {
    wrote(() -> s3.putOwnership(bucket, ownership));
  }

  @Override
  public Optional<LoggingTarget> logging(String bucket) {
    return once("logging", bucket, () -> s3.logging(bucket));
  }

  @Override
  public void putLogging(String bucket, LoggingTarget target) {
    wrote(() -> s3.putLogging(bucket, target));
  }

  @Override
  public boolean hasWebsite(String bucket) {
    return once("website", bucket, () -> s3.hasWebsite(bucket));
  }

  @Override
  public void deleteWebsite(String bucket) {
    wrote(() -> s3.deleteWebsite(bucket));
  }
}
