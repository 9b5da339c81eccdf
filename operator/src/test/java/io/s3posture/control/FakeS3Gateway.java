package io.s3posture.control;

import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.LifecycleConfiguration;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.ObjectLockState;
import io.s3posture.aws.ObjectOwnership;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.S3Gateway;
import io.s3posture.aws.VersioningState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An in-memory {@link S3Gateway}: per-bucket state for every setting, a log of every call by S3
 * operation name (GetBucketEncryption, PutBucketEncryption, ...), injected failures, and eventual
 * consistency (the first N reads of a setting after a write still return the old value).
 *
 * <p>It enforces the AWS rules moto does not: BucketOwnerEnforced is refused while the ACL grants
 * others, ACL writes that grant others are refused under BucketOwnerEnforced, and object lock and
 * replication need versioning Enabled.
 */
final class FakeS3Gateway implements S3Gateway {

  /** A new AWS bucket's ACL owner. */
  static final String OWNER = "owner-canonical-id";

  private final Map<String, BucketState> buckets = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final Map<String, Failure> failures = new HashMap<>();
  private int staleReadsAfterWrite;
  private String partition = "aws";
  private Optional<String> expectedOwner = Optional.empty();

  private record Failure(FailureKind kind, boolean always) {}

  /** Creates (or returns) a bucket with AWS's "not configured" state, to seed or inspect. */
  BucketState bucket(String name) {
    return buckets.computeIfAbsent(name, n -> new BucketState());
  }

  /** Removes a bucket: every later call on it fails with NoSuchBucket. */
  void deleteBucket(String name) {
    buckets.remove(name);
  }

  /** The account the buckets must belong to (the policy's spec.aws.accountId). */
  FakeS3Gateway expectedOwner(String account) {
    this.expectedOwner = Optional.of(account);
    return this;
  }

  /** The ARN partition the gateway reports (aws, aws-cn, aws-us-gov). */
  FakeS3Gateway partition(String partition) {
    this.partition = partition;
    return this;
  }

  /** After each later write, the next {@code reads} reads of that setting return the old value. */
  FakeS3Gateway staleReadsAfterWrite(int reads) {
    this.staleReadsAfterWrite = reads;
    return this;
  }

  /** The next call of {@code operation} fails with {@code kind}. */
  FakeS3Gateway failOnce(String operation, FailureKind kind) {
    failures.put(operation, new Failure(kind, false));
    return this;
  }

  /** Every later call of {@code operation} fails with {@code kind}. */
  FakeS3Gateway failAlways(String operation, FailureKind kind) {
    failures.put(operation, new Failure(kind, true));
    return this;
  }

  /** Every call, in order, by S3 operation name. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  int calls(String operation) {
    return (int) calls.stream().filter(operation::equals).count();
  }

  /** The write calls (Put*, Delete*), in order. */
  List<String> writeCalls() {
    return calls.stream().filter(FakeS3Gateway::isWrite).toList();
  }

  int writes() {
    return writeCalls().size();
  }

  int reads() {
    return calls.size() - writes();
  }

  void resetCalls() {
    calls.clear();
  }

  private static boolean isWrite(String operation) {
    return operation.startsWith("Put") || operation.startsWith("Delete");
  }

  /** One setting of one bucket, with the old value still served for a few reads after a write. */
  static final class Setting<T> {
    private T value;
    private T stale;
    private int staleReads;

    private Setting(T value) {
      this.value = value;
    }

    T get() {
      return value;
    }

    private T read() {
      if (staleReads > 0) {
        staleReads--;
        return stale;
      }
      return value;
    }

    private void write(T newValue, int lag) {
      stale = value;
      value = newValue;
      staleReads = lag;
    }

    private void seed(T newValue) {
      value = newValue;
      staleReads = 0;
    }
  }

  /** A bucket's settings; the fluent setters seed state without counting calls. */
  static final class BucketState {
    final Setting<PublicAccessBlock> publicAccessBlock = new Setting<>(PublicAccessBlock.NONE);
    final Setting<DefaultEncryption> encryption = new Setting<>(DefaultEncryption.SSE_S3);
    final Setting<VersioningState> versioning = new Setting<>(VersioningState.NEVER);
    final Setting<ObjectLockState> objectLock = new Setting<>(ObjectLockState.OFF);
    final Setting<Optional<ReplicationConfig>> replication = new Setting<>(Optional.empty());
    final Setting<Optional<String>> policy = new Setting<>(Optional.empty());
    final Setting<Optional<LifecycleConfiguration>> lifecycle = new Setting<>(Optional.empty());
    List<AccessPoint> accessPoints = List.of();
    final Setting<BucketAcl> acl = new Setting<>(privateAcl());
    final Setting<ObjectOwnership> ownership = new Setting<>(ObjectOwnership.ObjectWriter);
    final Setting<Optional<LoggingTarget>> logging = new Setting<>(Optional.empty());
    final Setting<Boolean> website = new Setting<>(false);
    Map<String, String> tags = Map.of();
    String region = "us-east-1";

    BucketState publicAccessBlock(PublicAccessBlock value) {
      publicAccessBlock.seed(value);
      return this;
    }

    BucketState encryption(DefaultEncryption value) {
      encryption.seed(value);
      return this;
    }

    BucketState versioning(VersioningState value) {
      versioning.seed(value);
      return this;
    }

    BucketState objectLock(ObjectLockState value) {
      objectLock.seed(value);
      return this;
    }

    BucketState replication(ReplicationConfig value) {
      replication.seed(Optional.of(value));
      return this;
    }

    BucketState lifecycle(LifecycleConfiguration value) {
      lifecycle.seed(Optional.of(value));
      return this;
    }

    BucketState accessPoints(AccessPoint... value) {
      accessPoints = List.of(value);
      return this;
    }

    BucketState policy(String json) {
      policy.seed(Optional.of(json));
      return this;
    }

    BucketState acl(BucketAcl value) {
      acl.seed(value);
      return this;
    }

    BucketState ownership(ObjectOwnership value) {
      ownership.seed(value);
      return this;
    }

    BucketState logging(LoggingTarget value) {
      logging.seed(Optional.of(value));
      return this;
    }

    BucketState website(boolean value) {
      website.seed(value);
      return this;
    }

    BucketState tags(Map<String, String> value) {
      tags = Map.copyOf(value);
      return this;
    }
  }

  /** The canned "private" ACL: the owner has FULL_CONTROL, nobody else has anything. */
  static BucketAcl privateAcl() {
    return new BucketAcl(OWNER, List.of(userGrant(OWNER, "FULL_CONTROL")));
  }

  static BucketAcl.Grant userGrant(String canonicalId, String permission) {
    return new BucketAcl.Grant("CanonicalUser", canonicalId, null, null, permission);
  }

  static BucketAcl.Grant groupGrant(String uri, String permission) {
    return new BucketAcl.Grant("Group", null, uri, null, permission);
  }

  // the gateway

  private BucketState existing(String operation, String bucket) {
    calls.add(operation);
    Failure failure = failures.get(operation);
    if (failure != null) {
      if (!failure.always()) {
        failures.remove(operation);
      }
      throw failure(failure.kind(), operation, "injected");
    }
    BucketState state = buckets.get(bucket);
    if (state == null) {
      throw failure(FailureKind.NO_SUCH_BUCKET, operation, "bucket " + bucket + " does not exist");
    }
    return state;
  }

  private static AwsFailure failure(FailureKind kind, String operation, String why) {
    return new AwsFailure(
        kind,
        operation,
        kind.reason(),
        operation + " failed: " + kind.reason() + " (" + why + ")",
        null);
  }

  private <T> T read(String operation, String bucket, Function<BucketState, Setting<T>> setting) {
    return setting.apply(existing(operation, bucket)).read();
  }

  private <T> void write(Setting<T> setting, T value) {
    setting.write(value, staleReadsAfterWrite);
  }

  @Override
  public String arnPartition() {
    return partition;
  }

  @Override
  public Optional<String> expectedOwner() {
    return expectedOwner;
  }

  @Override
  public List<BucketSummary> listBuckets(Optional<String> region) {
    calls.add("ListBuckets");
    return buckets.entrySet().stream()
        .filter(b -> region.isEmpty() || region.get().equals(b.getValue().region))
        .map(b -> new BucketSummary(b.getKey(), Optional.of(b.getValue().region)))
        .toList();
  }

  @Override
  public String bucketRegion(String bucket) {
    return existing("GetBucketLocation", bucket).region;
  }

  @Override
  public Map<String, String> bucketTags(String bucket) {
    return existing("GetBucketTagging", bucket).tags;
  }

  @Override
  public PublicAccessBlock publicAccessBlock(String bucket) {
    return read("GetPublicAccessBlock", bucket, state -> state.publicAccessBlock);
  }

  @Override
  public void putPublicAccessBlock(String bucket, PublicAccessBlock block) {
    write(existing("PutPublicAccessBlock", bucket).publicAccessBlock, block);
  }

  @Override
  public DefaultEncryption defaultEncryption(String bucket) {
    return read("GetBucketEncryption", bucket, state -> state.encryption);
  }

  @Override
  public void putDefaultEncryption(String bucket, DefaultEncryption encryption) {
    write(existing("PutBucketEncryption", bucket).encryption, encryption);
  }

  @Override
  public VersioningState versioning(String bucket) {
    return read("GetBucketVersioning", bucket, state -> state.versioning);
  }

  @Override
  public void enableVersioning(String bucket) {
    BucketState state = existing("PutBucketVersioning", bucket);
    write(
        state.versioning,
        new VersioningState(VersioningState.Status.ENABLED, state.versioning.get().mfaDelete()));
  }

  @Override
  public ObjectLockState objectLock(String bucket) {
    return read("GetObjectLockConfiguration", bucket, state -> state.objectLock);
  }

  @Override
  public void putObjectLock(String bucket, ObjectLockState lock) {
    BucketState state = existing("PutObjectLockConfiguration", bucket);
    if (!state.objectLock.get().enabled() && !versioningEnabled(state)) {
      throw failure(
          FailureKind.INVALID_BUCKET_STATE,
          "PutObjectLockConfiguration",
          "versioning must be Enabled to enable object lock");
    }
    write(state.objectLock, lock);
  }

  @Override
  public Optional<ReplicationConfig> replication(String bucket) {
    return read("GetBucketReplication", bucket, state -> state.replication);
  }

  @Override
  public void putReplication(String bucket, ReplicationConfig replication) {
    BucketState state = existing("PutBucketReplication", bucket);
    if (!versioningEnabled(state)) {
      throw failure(
          FailureKind.INVALID_REQUEST,
          "PutBucketReplication",
          "versioning must be Enabled to replicate");
    }
    write(state.replication, Optional.of(replication));
  }

  private static boolean versioningEnabled(BucketState state) {
    return state.versioning.get().status() == VersioningState.Status.ENABLED;
  }

  @Override
  public Optional<LifecycleConfiguration> lifecycle(String bucket) {
    return read("GetBucketLifecycleConfiguration", bucket, state -> state.lifecycle);
  }

  @Override
  public void putLifecycle(String bucket, LifecycleConfiguration configuration) {
    write(
        existing("PutBucketLifecycleConfiguration", bucket).lifecycle, Optional.of(configuration));
  }

  @Override
  public List<AccessPoint> accessPoints(String accountId, String bucket) {
    BucketState state = existing("ListAccessPoints", bucket);
    return state.accessPoints;
  }

  @Override
  public Optional<String> bucketPolicy(String bucket) {
    return read("GetBucketPolicy", bucket, state -> state.policy);
  }

  @Override
  public void putBucketPolicy(String bucket, String policyJson) {
    write(existing("PutBucketPolicy", bucket).policy, Optional.of(policyJson));
  }

  @Override
  public BucketAcl acl(String bucket) {
    return read("GetBucketAcl", bucket, state -> state.acl);
  }

  @Override
  public void putAcl(String bucket, BucketAcl acl) {
    BucketState state = existing("PutBucketAcl", bucket);
    if (state.ownership.get() == ObjectOwnership.BucketOwnerEnforced && acl.grantsOthers()) {
      throw failure(FailureKind.ACLS_NOT_SUPPORTED, "PutBucketAcl", "ACLs are disabled");
    }
    write(state.acl, acl);
  }

  @Override
  public void putPrivateAcl(String bucket) {
    write(existing("PutBucketAcl", bucket).acl, privateAcl());
  }

  @Override
  public ObjectOwnership ownership(String bucket) {
    return read("GetBucketOwnershipControls", bucket, state -> state.ownership);
  }

  @Override
  public void putOwnership(String bucket, ObjectOwnership ownership) {
    BucketState state = existing("PutBucketOwnershipControls", bucket);
    if (ownership == ObjectOwnership.BucketOwnerEnforced && state.acl.get().grantsOthers()) {
      throw failure(
          FailureKind.ACL_BLOCKS_OWNERSHIP_CHANGE,
          "PutBucketOwnershipControls",
          "the bucket ACL grants access to others");
    }
    write(state.ownership, ownership);
  }

  @Override
  public Optional<LoggingTarget> logging(String bucket) {
    return read("GetBucketLogging", bucket, state -> state.logging);
  }

  @Override
  public void putLogging(String bucket, LoggingTarget target) {
    write(existing("PutBucketLogging", bucket).logging, Optional.of(target));
  }

  @Override
  public boolean hasWebsite(String bucket) {
    return read("GetBucketWebsite", bucket, state -> state.website);
  }

  @Override
  public void deleteWebsite(String bucket) {
    write(existing("DeleteBucketWebsite", bucket).website, false);
  }
}
