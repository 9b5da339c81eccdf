package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.localstack.LocalStack;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code make bench-events}: how soon the operator corrects a change announced by a change event.
 * On the local stack, with a policy whose resync is a day away: one after the other, a bucket is
 * changed behind the operator's back (six kinds of change in turn), the CloudTrail-shaped event is
 * published with EventBridge PutEvents to the documented rule and queue, and the bucket is read
 * back from moto until it is corrected. Prints p50/p95/p99 of publish → corrected, and the AWS
 * calls the operator made per event. Usage: ChangeEventBenchmark [changes] (default 100).
 */
public final class ChangeEventBenchmark {

  private static final String APPROVED_KEY =
      "arn:aws:kms:us-east-1:" + TestStack.ACCOUNT_ID + ":key/0f8b2c1e-5d4a-4c3b-9a7e-2f6d1e0c9b8a";
  private static final String ATTACKER_KEY =
      "arn:aws:kms:us-east-1:666666666666:key/attacker-controlled-key";
  private static final String MALLORY = "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/mallory";
  private static final int BUCKETS = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final String CONTROLS =
      """
      controls:
        noPublicAcl: {}
        publicAccessBlock: {}
        encryption: {algorithm: SSE-KMS, kmsKeyArn: "%s"}
        versioning: {}
        tlsOnly: {}
        websiteDisabled: {}
      """
          .formatted(APPROVED_KEY);

  /** A change made behind the operator's back, the call CloudTrail records, and its undoing. */
  private record Change(String call, Consumer<String> make, Check corrected) {}

  @FunctionalInterface
  private interface Check {
    boolean holds(S3Client s3, String bucket);
  }

  private ChangeEventBenchmark() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    try (TestStack stack =
            new TestStack(
                LocalStack.start(Path.of("target", "bench-events-stack").toAbsolutePath()));
        ChangeEventQueue queue = ChangeEventQueue.withRule(stack.moto().endpoint(), "bench")) {
      String namespace = stack.createNamespace("bench-events");
      String prefix = TestStack.uniqueBucketName("bench-events");
      List<String> buckets = IntStream.range(0, BUCKETS).mapToObj(i -> prefix + "-" + i).toList();
      buckets.forEach(stack.seeder()::create);
      try (OperatorUnderTest operator =
          OperatorUnderTest.start(
              stack,
              stack.kubernetes(),
              OperatorUnderTest.config(stack, Set.of(namespace), false, List.of(queue.config())))) {
        Policies policies = new Policies(stack.kubernetes(), operator);
        BucketPolicy policy =
            policies.apply(
                Policies.manifest(
                    namespace,
                    "fleet",
                    "mode: Enforce\nresyncInterval: 24h\nbuckets:\n  selector: {namePatterns: [\""
                        + prefix
                        + "-*\"]}\n"
                        + CONTROLS));
        policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == BUCKETS);
        System.out.printf(
            Locale.ROOT,
            "%d buckets compliant (6 controls each); resync in 24 h: only events trigger checks%n",
            BUCKETS);
        run(stack, queue, operator, buckets, changes);
      }
    }
  }

  private static void run(
      TestStack stack,
      ChangeEventQueue queue,
      OperatorUnderTest operator,
      List<String> buckets,
      int count) {
    S3Client s3 = stack.s3();
    List<Change> kinds = changes(stack.seeder(), s3);
    ControlCatalog catalog = ControlCatalog.standard();
    Set<String> managed =
        Set.of(
            "noPublicAcl",
            "publicAccessBlock",
            "encryption",
            "versioning",
            "tlsOnly",
            "websiteDisabled");
    long reads = operator.awsReads();
    long writes = operator.awsWrites();
    long sqs = sqsCalls(operator);
    double checks = operator.bucketChecks("change_event");
    double affected = 0;
    List<Double> latencies = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Change change = kinds.get(i % kinds.size());
      // consecutive changes hit different buckets, and a bucket again only after all others
      String bucket = buckets.get((i + i / buckets.size()) % buckets.size());
      change.make().accept(bucket);
      long published = System.nanoTime();
      queue.publish(ChangeEventQueue.record(change.call(), bucket, MALLORY));
      if (!await(() -> change.corrected().holds(s3, bucket))) {
        throw new IllegalStateException(change.call() + " on " + bucket + " was not corrected");
      }
      latencies.add(Duration.ofNanos(System.nanoTime() - published).toMillis() / 1000.0);
      affected +=
          catalog.bucketControlsChangedBy(change.call()).stream()
              .map(ControlName::specName)
              .filter(managed::contains)
              .count();
    }
    double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    await(() -> operator.changeEvents(queue.name(), "checked") >= count);
    List<Double> sorted = latencies.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "%d changes, each announced by an event (%s), in %.1f s%n",
        count,
        kinds.stream().map(Change::call).collect(Collectors.joining(", ")),
        seconds);
    System.out.printf(
        Locale.ROOT,
        "event publish -> corrected (read back from moto): p50 %.2f s  p95 %.2f s  p99 %.2f s"
            + "  max %.2f s%n",
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1));
    System.out.printf(
        Locale.ROOT,
        "AWS calls per event: %.2f S3 reads + %.2f S3 writes (the controls an event can affect:"
            + " %.2f; the policy manages 6), %.2f SQS calls; %.2f checks per event%n",
        (operator.awsReads() - reads) / (double) count,
        (operator.awsWrites() - writes) / (double) count,
        affected / count,
        (sqsCalls(operator) - sqs) / (double) count,
        (operator.bucketChecks("change_event") - checks) / count);
  }

  /** The six kinds of change, in turn. */
  private static List<Change> changes(BucketSeeder seed, S3Client s3) {
    return List.of(
        new Change(
            "PutBucketEncryption",
            bucket -> seed.encryption(bucket, "aws:kms", ATTACKER_KEY),
            (client, bucket) ->
                APPROVED_KEY.equals(
                    client
                        .getBucketEncryption(r -> r.bucket(bucket))
                        .serverSideEncryptionConfiguration()
                        .rules()
                        .get(0)
                        .applyServerSideEncryptionByDefault()
                        .kmsMasterKeyID())),
        new Change(
            "PutBucketVersioning",
            bucket -> seed.versioning(bucket, BucketVersioningStatus.SUSPENDED),
            (client, bucket) ->
                client.getBucketVersioning(r -> r.bucket(bucket)).status()
                    == BucketVersioningStatus.ENABLED),
        new Change(
            "DeleteBucketPublicAccessBlock",
            bucket -> s3.deletePublicAccessBlock(r -> r.bucket(bucket)),
            (client, bucket) -> {
              try {
                var flags =
                    client
                        .getPublicAccessBlock(r -> r.bucket(bucket))
                        .publicAccessBlockConfiguration();
                return flags.blockPublicAcls()
                    && flags.ignorePublicAcls()
                    && flags.blockPublicPolicy()
                    && flags.restrictPublicBuckets();
              } catch (S3Exception notConfigured) {
                return false;
              }
            }),
        new Change(
            "PutBucketWebsite",
            bucket -> seed.website(bucket, "index.html"),
            (client, bucket) -> {
              try {
                client.getBucketWebsite(r -> r.bucket(bucket));
                return false;
              } catch (S3Exception noWebsite) {
                return noWebsite.statusCode() == 404;
              }
            }),
        new Change(
            "DeleteBucketPolicy",
            bucket -> s3.deleteBucketPolicy(r -> r.bucket(bucket)),
            (client, bucket) -> {
              try {
                return client
                    .getBucketPolicy(r -> r.bucket(bucket))
                    .policy()
                    .contains("S3PostureDenyInsecureTransport");
              } catch (S3Exception noPolicy) {
                return false;
              }
            }),
        new Change(
            "PutBucketAcl",
            bucket -> seed.publicReadAcl(bucket),
            (client, bucket) ->
                client.getBucketAcl(r -> r.bucket(bucket)).grants().stream()
                    .noneMatch(
                        g ->
                            g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers"))));
  }

  /** Polls every 20 ms (one read of the bucket each) until {@code condition} holds. */
  private static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20); // a benchmark's poll, not a test: the read-back is what is measured
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long sqsCalls(OperatorUnderTest operator) {
    return operator.registry().find(AwsCallMetrics.CALLS).counters().stream()
        .filter(c -> "Sqs".equals(c.getId().getTag("service")))
        .mapToLong(c -> (long) c.count())
        .sum();
  }
}
