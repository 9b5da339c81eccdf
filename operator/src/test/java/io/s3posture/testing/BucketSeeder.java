package io.s3posture.testing;

import io.s3posture.aws.AwsClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * Puts buckets (and moto's account) into the states tests, benchmarks and scenarios start from, as
 * an attacker or a careless person would: through the real SDK, against moto. The one place that
 * knows how to write each setting; what a state means for a test (drifted, compliant, exposed)
 * stays with the test. The demo seeds its buckets from Python ({@code hack/demo_buckets.py}). Reads
 * stay with the tests, but for {@link #hasWebsite}, whose "no" is a 404.
 */
public final class BucketSeeder {

  private final S3Client s3;
  private final S3ControlClient s3Control;

  public BucketSeeder(S3Client s3, S3ControlClient s3Control) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.s3Control = Objects.requireNonNull(s3Control, "s3Control");
  }

  /** Through {@code clients}: their region is the region new buckets are created in. */
  public BucketSeeder(AwsClients clients) {
    this(clients.s3(), clients.s3Control());
  }

  /** A new bucket with a name no other test of this run uses, as it comes: nothing configured. */
  public String bucket(String prefix) {
    String bucket = TestStack.uniqueBucketName(prefix);
    create(bucket);
    return bucket;
  }

  /** A bucket in the client's region (outside us-east-1, S3 wants the region as its location). */
  public BucketSeeder create(String bucket) {
    Region region = s3.serviceClientConfiguration().region();
    if (Region.US_EAST_1.equals(region)) {
      s3.createBucket(r -> r.bucket(bucket));
    } else {
      s3.createBucket(
          r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(region.id())));
    }
    return this;
  }

  /** Many buckets, sixteen at a time: a fleet for a listing or a cycle to cover. */
  public BucketSeeder createAll(Collection<String> buckets) {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (String bucket : buckets) {
        created.add(pool.submit(() -> create(bucket)));
      }
      for (Future<?> bucket : created) {
        bucket.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a bucket could not be created", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
    }
    return this;
  }

  /** Object Lock with a default retention of {@code days} in {@code mode}. */
  public BucketSeeder objectLockRetention(String bucket, ObjectLockRetentionMode mode, int days) {
    s3.putObjectLockConfiguration(
        r ->
            r.bucket(bucket)
                .objectLockConfiguration(
                    c ->
                        c.objectLockEnabled(ObjectLockEnabled.ENABLED)
                            .rule(rule -> rule.defaultRetention(d -> d.mode(mode).days(days)))));
    return this;
  }

  /** A bucket with Object Lock enabled, which only creation can do. */
  public BucketSeeder createWithObjectLock(String bucket) {
    s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
    return this;
  }

  public BucketSeeder versioning(String bucket, BucketVersioningStatus status) {
    s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(c -> c.status(status)));
    return this;
  }

  /**
   * Default encryption with any algorithm string (moto accepts what AWS would refuse) and, for
   * SSE-KMS, a key ({@code null}: none), as a ransomware attack re-keys a bucket.
   */
  public BucketSeeder encryption(String bucket, String algorithm, String kmsKey) {
    return encryption(bucket, algorithm, kmsKey, null);
  }

  /** SSE-KMS with {@code kmsKey} and an S3 Bucket Key. */
  public BucketSeeder bucketKeyEncryption(String bucket, String kmsKey) {
    return encryption(bucket, "aws:kms", kmsKey, true);
  }

  /** {@code bucketKey} null: the rule says nothing about a Bucket Key. */
  private BucketSeeder encryption(
      String bucket, String algorithm, String kmsKey, Boolean bucketKey) {
    s3.putBucketEncryption(
        r ->
            r.bucket(bucket)
                .serverSideEncryptionConfiguration(
                    c ->
                        c.rules(
                            rule ->
                                rule.bucketKeyEnabled(bucketKey)
                                    .applyServerSideEncryptionByDefault(
                                        d -> d.sseAlgorithm(algorithm).kmsMasterKeyID(kmsKey)))));
    return this;
  }

  /** The bucket's Block Public Access flags, each as given. */
  public BucketSeeder publicAccessBlock(
      String bucket,
      boolean blockPublicAcls,
      boolean ignorePublicAcls,
      boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {
    s3.putPublicAccessBlock(
        r ->
            r.bucket(bucket)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(blockPublicAcls)
                            .ignorePublicAcls(ignorePublicAcls)
                            .blockPublicPolicy(blockPublicPolicy)
                            .restrictPublicBuckets(restrictPublicBuckets)));
    return this;
  }

  /** All four Block Public Access flags of the bucket on. */
  public BucketSeeder blockPublicAccess(String bucket) {
    return publicAccessBlock(bucket, true, true, true, true);
  }

  /** The account's Block Public Access flags (moto's one account), each as given. */
  public BucketSeeder accountPublicAccessBlock(
      boolean blockPublicAcls,
      boolean ignorePublicAcls,
      boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {
    return accountPublicAccessBlock(
        TestStack.ACCOUNT_ID,
        blockPublicAcls,
        ignorePublicAcls,
        blockPublicPolicy,
        restrictPublicBuckets);
  }

  /** The Block Public Access flags of {@code accountId}, each as given. */
  public BucketSeeder accountPublicAccessBlock(
      String accountId,
      boolean blockPublicAcls,
      boolean ignorePublicAcls,
      boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {
    s3Control.putPublicAccessBlock(
        r ->
            r.accountId(accountId)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(blockPublicAcls)
                            .ignorePublicAcls(ignorePublicAcls)
                            .blockPublicPolicy(blockPublicPolicy)
                            .restrictPublicBuckets(restrictPublicBuckets)));
    return this;
  }

  /** The public-read canned ACL: everyone may list the bucket. */
  public BucketSeeder publicReadAcl(String bucket) {
    s3.putBucketAcl(r -> r.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
    return this;
  }

  /** Static website hosting with {@code indexDocument}. */
  public BucketSeeder website(String bucket, String indexDocument) {
    s3.putBucketWebsite(
        r ->
            r.bucket(bucket)
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix(indexDocument))));
    return this;
  }

  /** The bucket's tags: this one tag alone. */
  public BucketSeeder tag(String bucket, String key, String value) {
    s3.putBucketTagging(
        r -> r.bucket(bucket).tagging(t -> t.tagSet(Tag.builder().key(key).value(value).build())));
    return this;
  }

  public BucketSeeder policy(String bucket, String json) {
    s3.putBucketPolicy(r -> r.bucket(bucket).policy(json));
    return this;
  }

  public BucketSeeder ownership(String bucket, ObjectOwnership ownership) {
    s3.putBucketOwnershipControls(
        r ->
            r.bucket(bucket)
                .ownershipControls(c -> c.rules(rule -> rule.objectOwnership(ownership))));
    return this;
  }

  /**
   * One enabled replication rule {@code id} for the keys under {@code prefix} to {@code
   * destination} (a bucket name), delete markers not replicated, as {@code role}. Versioning must
   * be on at both ends.
   */
  public BucketSeeder replication(
      String bucket, String role, String id, int priority, String prefix, String destination) {
    s3.putBucketReplication(
        r ->
            r.bucket(bucket)
                .replicationConfiguration(
                    c ->
                        c.role(role)
                            .rules(
                                rule ->
                                    rule.id(id)
                                        .priority(priority)
                                        .status(ReplicationRuleStatus.ENABLED)
                                        .filter(f -> f.prefix(prefix))
                                        .deleteMarkerReplication(
                                            d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                                        .destination(
                                            d -> d.bucket("arn:aws:s3:::" + destination)))));
    return this;
  }

  /**
   * A bucket policy on {@code target} that lets S3's log delivery write under {@code access/}, as
   * access logging to it requires.
   */
  public BucketSeeder logDeliveryTarget(String target) {
    return logDeliveryTarget(target, "access/");
  }

  /**
   * A bucket policy on {@code target} that lets S3's log delivery write under {@code prefix} (moto
   * checks the resource literally: it must be the prefix's).
   */
  public BucketSeeder logDeliveryTarget(String target, String prefix) {
    return policy(
        target,
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogs",\
        "Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},\
        "Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/%s*"}]}"""
            .formatted(target, prefix));
  }

  /** The bucket's lifecycle configuration: these rules (replacing any). */
  public BucketSeeder lifecycle(String bucket, LifecycleRule... rules) {
    s3.putBucketLifecycleConfiguration(
        r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    return this;
  }

  /** A lifecycle rule over every object that expires current and noncurrent versions after days. */
  public static LifecycleRule expiringAfter(String id, int days) {
    return LifecycleRule.builder()
        .id(id)
        .status(ExpirationStatus.ENABLED)
        .filter(f -> f.prefix(""))
        .expiration(e -> e.days(days))
        .noncurrentVersionExpiration(e -> e.noncurrentDays(days))
        .build();
  }

  /** Server access logs of {@code bucket} to {@code target} under {@code access/}. */
  public BucketSeeder accessLogging(String bucket, String target) {
    s3.putBucketLogging(
        r ->
            r.bucket(bucket)
                .bucketLoggingStatus(
                    s -> s.loggingEnabled(l -> l.targetBucket(target).targetPrefix("access/"))));
    return this;
  }

  /** Whether the bucket has a website configuration (GetBucketWebsite answers 404 when not). */
  public boolean hasWebsite(String bucket) {
    try {
      s3.getBucketWebsite(r -> r.bucket(bucket));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
