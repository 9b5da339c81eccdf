package io.s3posture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * The operator process (the shaded jar) killed with SIGKILL in the middle of correcting 100 drifted
 * buckets, then started again: every bucket ends fully compliant, multi-step corrections included
 * (the public ACL reset before object ownership, versioning before object lock, object lock with
 * its default retention). Writes go through the fault proxy with a little latency, so that the kill
 * lands while corrections are under way.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
class CrashSafetyIT {

  private static final int BUCKETS = 100;
  private static final Duration RECOVERY = Duration.ofMinutes(5);

  @Test
  void killedInTheMiddleOfCorrectionsAndRestartedEveryBucketEndsFullyCompliant(
      TestStack stack, FaultProxy proxy) throws Exception {
    String namespace = stack.createNamespace("crash");
    String prefix = TestStack.uniqueBucketName("crash");
    List<String> buckets =
        IntStream.range(0, BUCKETS).mapToObj(i -> String.format("%s-%03d", prefix, i)).toList();
    seed(stack.seeder(), buckets);
    // every write waits a little: about half a minute of corrections for the fleet
    proxy.addRule(FaultRule.latency(Duration.ofMillis(100)).onWrites().onBucket(prefix + "-*"));
    Path logs = Path.of("target", "crash-safety", namespace).toAbsolutePath();
    Map<String, String> settings = OperatorProcess.settings(namespace, proxy.endpoint());
    settings.put("S3POSTURE_BUCKET_CONCURRENCY", "4");
    Policies policies = new Policies(stack.kubernetes(), null);
    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                namespace,
                "crash",
                """
                resyncInterval: 1h
                buckets:
                  selector: {namePatterns: ["%s-*"]}
                enforcement:
                  maxBucketsChangedPerCheck: 1000 # correct the whole fleet in one check
                controls:
                  publicAccessBlock: {}
                  noPublicAcl: {}
                  aclsDisabled: {}
                  versioning: {}
                  objectLock:
                    defaultRetention: {mode: Governance, days: 1}
                """
                    .formatted(prefix)));

    try (OperatorProcess first =
        OperatorProcess.start("crash-first", stack.localStack().kubeconfig(), settings, logs)) {
      await("corrections under way")
          .atMost(RECOVERY)
          .until(() -> proxy.counts().of("s3:Put*") >= BUCKETS);
      first.kill();
      assertThat(first.isAlive()).isFalse();
    }
    long writesBeforeKill = proxy.counts().of("s3:Put*");
    assertThat(buckets.stream().filter(b -> fullyCompliant(stack.s3(), b)).count())
        .as("killed in the middle: some buckets done, not all (%d writes)", writesBeforeKill)
        .isLessThan(BUCKETS);

    try (OperatorProcess second =
        OperatorProcess.start("crash-second", stack.localStack().kubeconfig(), settings, logs)) {
      await("every bucket compliant after the restart")
          .atMost(RECOVERY)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> policies.get(policy),
              p ->
                  p.getStatus() != null
                      && p.getStatus().buckets() != null
                      && p.getStatus().buckets().governed() == BUCKETS
                      && p.getStatus().buckets().compliant() == BUCKETS);
      assertThat(second.isAlive()).isTrue();
    }
    assertThat(buckets).allSatisfy(b -> assertThat(fullyCompliant(stack.s3(), b)).as(b).isTrue());
  }

  /** Buckets as they come (no versioning, lock, ownership or Block Public Access), ACL public. */
  private static void seed(BucketSeeder seed, List<String> buckets) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (String bucket : buckets) {
      pool.execute(() -> seed.create(bucket).publicReadAcl(bucket));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
  }

  /** Every managed setting in place, each multi-step correction complete. */
  private static boolean fullyCompliant(S3Client s3, String bucket) {
    try {
      var pab = s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
      boolean blocked =
          pab.blockPublicAcls()
              && pab.ignorePublicAcls()
              && pab.blockPublicPolicy()
              && pab.restrictPublicBuckets();
      boolean aclPrivate =
          s3.getBucketAcl(r -> r.bucket(bucket)).grants().stream()
              .allMatch(g -> g.grantee().type() == Type.CANONICAL_USER);
      boolean ownerEnforced =
          s3.getBucketOwnershipControls(r -> r.bucket(bucket))
                  .ownershipControls()
                  .rules()
                  .get(0)
                  .objectOwnership()
              == ObjectOwnership.BUCKET_OWNER_ENFORCED;
      boolean versioned =
          s3.getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
      var lock = s3.getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration();
      boolean locked =
          lock.objectLockEnabled() == ObjectLockEnabled.ENABLED
              && lock.rule() != null
              && lock.rule().defaultRetention().mode() == ObjectLockRetentionMode.GOVERNANCE
              && lock.rule().defaultRetention().days() == 1;
      return blocked && aclPrivate && ownerEnforced && versioned && locked;
    } catch (S3Exception notYet) {
      return false; // a setting not configured yet (no PAB, ownership controls or lock)
    }
  }
}
