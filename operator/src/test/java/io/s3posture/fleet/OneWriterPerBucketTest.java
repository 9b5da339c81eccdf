package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AwsTarget;
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
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.PublicAccessBlockControl;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 16: two Enforce policies on one bucket, checked at the same moment, used to both
 * read and write "observed ∪ required", and the write based on the older read could turn flags off
 * again. Now one worker checks a bucket for every policy at once: however the two sweeps race, no
 * flag is ever turned off and the bucket ends with the union.
 */
class OneWriterPerBucketTest {

  private static final int ROUNDS = 200;

  /** Block Public Access only, safe for concurrent use, remembering every write. */
  private static final class PublicAccessBlocks implements S3Gateway {
    final Map<String, PublicAccessBlock> flags = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<String> turnedOff = new CopyOnWriteArrayList<>();

    private void enter(String bucket) {
      int now = inFlight.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
    }

    private void leave(String bucket) {
      inFlight.get(bucket).decrementAndGet();
    }

    @Override
    public PublicAccessBlock publicAccessBlock(String bucket) {
      enter(bucket);
      try {
        Thread.yield(); // widen the window in which a second writer could interleave
        return flags.get(bucket);
      } finally {
        leave(bucket);
      }
    }

    @Override
    public void putPublicAccessBlock(String bucket, PublicAccessBlock block) {
      enter(bucket);
      try {
        PublicAccessBlock before = flags.get(bucket);
        if (!before.union(block).equals(block)) {
          turnedOff.add(bucket + ": " + before.describe() + " -> " + block.describe());
        }
        flags.put(bucket, block);
      } finally {
        leave(bucket);
      }
    }

    @Override
    public List<BucketSummary> listBuckets(Optional<String> region) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String bucketRegion(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> bucketTags(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DefaultEncryption defaultEncryption(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putDefaultEncryption(String bucket, DefaultEncryption encryption) {
      throw new UnsupportedOperationException();
    }

    @Override
    public VersioningState versioning(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void enableVersioning(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectLockState objectLock(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putObjectLock(String bucket, ObjectLockState lock) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ReplicationConfig> replication(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putReplication(String bucket, ReplicationConfig replication) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LifecycleConfiguration> lifecycle(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putLifecycle(String bucket, LifecycleConfiguration configuration) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<AccessPoint> accessPoints(String accountId, String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> bucketPolicy(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putBucketPolicy(String bucket, String policyJson) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BucketAcl acl(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putAcl(String bucket, BucketAcl acl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putPrivateAcl(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectOwnership ownership(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putOwnership(String bucket, ObjectOwnership ownership) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LoggingTarget> logging(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putLogging(String bucket, LoggingTarget target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasWebsite(String bucket) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteWebsite(String bucket) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void twoPoliciesCheckedAtOnceNeverTurnAFlagOff() throws Exception {
    PublicAccessBlocks s3 = new PublicAccessBlocks();
    PolicyIndex index = new PolicyIndex();
    ControlCatalog catalog = ControlCatalog.standard();
    TargetCheck engine =
        new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.bucketRunOrder());
    SubjectChecker checker =
        new SubjectChecker(
            index,
            new SubjectChecker.Subjects() {
              public BucketSubject bucket(AwsTarget target, String bucket) {
                return BucketSubject.of(s3, bucket);
              }

              public AccountSubject account(AwsTarget target, String accountId) {
                throw new UnsupportedOperationException("buckets only");
              }
            },
            engine,
            engine,
            (policy, bucket, outcomes, recorded, ledger) -> {},
            new SubjectChecker.Retries() {
              public void failedTransiently(SubjectKey key, String account) {}

              public void succeeded(SubjectKey key) {}
            },
            Clock.systemUTC());
    List<String> buckets = IntStream.range(0, ROUNDS).mapToObj(i -> "shared-" + i).toList();
    buckets.forEach(b -> s3.flags.put(b, PublicAccessBlock.NONE));
    GovernedBuckets acls = policy("acls", buckets, new PublicAccessBlock(true, true, false, false));
    GovernedBuckets all = policy("all", buckets, PublicAccessBlock.ALL);
    index.put(acls, () -> new PolicyLedger(acls.ref(), Map.of()));
    index.put(all, () -> new PolicyLedger(all.ref(), Map.of()));

    try (SubjectWorkQueue queue = new SubjectWorkQueue(checker, 8, 8, 10_000)) {
      List<CompletableFuture<SubjectWorkQueue.Result>> done = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> first =
          CompletableFuture.runAsync(() -> sweep(queue, acls, buckets, done));
      CompletableFuture<Void> second =
          CompletableFuture.runAsync(() -> sweep(queue, all, buckets, done));
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    assertThat(s3.turnedOff).as("writes that turned a flag off").isEmpty();
    assertThat(s3.mostAtOnce.get()).as("calls in flight on one bucket at once").isEqualTo(1);
    assertThat(buckets)
        .allSatisfy(b -> assertThat(s3.flags.get(b)).isEqualTo(PublicAccessBlock.ALL));
  }

  private static void sweep(
      SubjectWorkQueue queue,
      GovernedBuckets policy,
      List<String> buckets,
      List<CompletableFuture<SubjectWorkQueue.Result>> done) {
    for (String bucket : buckets) {
      done.add(
          queue.submit(
              new SubjectWorkQueue.Request(
                  new BucketKey("aws", bucket),
                  policy.ref().uid(),
                  false,
                  Optional.empty(),
                  Trigger.SWEEP,
                  "account")));
    }
  }

  private static GovernedBuckets policy(
      String name, List<String> buckets, PublicAccessBlock required) {
    BucketPolicy resource = new BucketPolicy();
    resource.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("team").withUid(name).build());
    return new GovernedBuckets(
        new PolicyRef("BucketPolicy", "team", name, name),
        resource,
        AwsTarget.of("us-east-1"),
        new BucketTargets(buckets, null),
        List.of(new ManagedControl<>(new PublicAccessBlockControl(), required, Mode.Enforce)),
        Duration.ofMinutes(10),
        ExemptionRules.none(Clock.systemUTC()));
  }
}
