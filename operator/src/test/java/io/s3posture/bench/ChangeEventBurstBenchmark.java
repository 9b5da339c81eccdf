package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.LocalStack;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code make bench-events} burst mode ({@code BENCH_EVENTS_BURST=1000}): an attacker's script
 * suspends versioning on many buckets at once. On the local stack, a policy keeps versioning on
 * {@code n} buckets (resync a day away: only events trigger checks); versioning is suspended on all
 * of them behind the operator's back, then the {@code n} CloudTrail-shaped events are sent to the
 * queue as fast as SQS takes them (SendMessageBatch, ten a call). Prints the time from the last
 * send until every bucket is corrected (read back from moto) and until every event is handled. The
 * operator runs with its production settings (32 checks at once, 16 per account), its writes paced
 * at {@code BURST_WRITES_PER_SECOND} per second per account (20, the default; 0: not paced). Usage:
 * ChangeEventBurstBenchmark [n] (default 1000).
 */
public final class ChangeEventBurstBenchmark {

  private static final String MALLORY = "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/mallory";

  private ChangeEventBurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int writesPerSecond =
        Integer.parseInt(System.getenv().getOrDefault("BURST_WRITES_PER_SECOND", "20"));
    try (TestStack stack =
            new TestStack(
                LocalStack.start(Path.of("target", "bench-burst-stack").toAbsolutePath()));
        ChangeEventQueue queue = ChangeEventQueue.alone(stack.moto().endpoint(), "burst")) {
      String namespace = stack.createNamespace("bench-burst");
      String prefix = TestStack.uniqueBucketName("burst");
      List<String> buckets = IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
      parallel(buckets, stack.seeder()::create);
      Map<String, String> settings =
          new HashMap<>(BenchSettings.oneNamespace(namespace, stack.moto().endpoint()));
      settings.put("S3POSTURE_MANAGEMENT_PORT", "0");
      settings.put("S3POSTURE_ACCOUNT_WRITES_PER_SECOND", String.valueOf(writesPerSecond));
      OperatorConfig config =
          OperatorConfig.fromEnvironment(settings).withEventQueues(List.of(queue.config()));
      try (OperatorUnderTest operator =
          OperatorUnderTest.start(stack, stack.kubernetes(), config)) {
        Policies policies = new Policies(stack.kubernetes(), operator);
        BucketPolicy policy =
            policies.apply(
                Policies.manifest(
                    namespace,
                    "fleet",
                    """
                    mode: Enforce
                    resyncInterval: 24h
                    buckets: {selector: {namePatterns: ["%s-*"]}}
                    enforcement: {maxBucketsChangedPerCheck: 100000}
                    controls:
                      versioning: {}
                    """
                        .formatted(prefix)));
        Awaitility.await()
            .atMost(Duration.ofMinutes(15))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> policies.get(policy),
                p ->
                    p.getStatus() != null
                        && p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == n);
        System.out.printf(
            Locale.ROOT,
            "%d buckets with versioning on; resync in 24 h; the operator's production settings,"
                + " writes paced at %s per second per account%n",
            n,
            writesPerSecond == 0 ? "no limit" : String.valueOf(writesPerSecond));

        parallel(buckets, b -> stack.seeder().versioning(b, BucketVersioningStatus.SUSPENDED));
        double handledBefore = operator.changeEvents(queue.name(), "checked");
        long first = System.nanoTime();
        queue.send(
            buckets.stream()
                .map(b -> ChangeEventQueue.record("PutBucketVersioning", b, MALLORY))
                .toList());
        long last = System.nanoTime();
        Awaitility.await()
            .atMost(Duration.ofMinutes(15))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> operator.changeEvents(queue.name(), "checked") - handledBefore >= n);
        long handled = System.nanoTime();
        long notCorrected =
            buckets.stream()
                .filter(
                    b ->
                        stack.s3().getBucketVersioning(r -> r.bucket(b)).status()
                            != BucketVersioningStatus.ENABLED)
                .count();
        System.out.printf(
            Locale.ROOT,
            "%d events sent in %.1f s; every event handled (its bucket checked and corrected)"
                + " %.1f s after the last send, %.1f s after the first; %d buckets not corrected%n",
            n,
            seconds(last - first),
            seconds(handled - last),
            seconds(handled - first),
            notCorrected);
      }
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void parallel(List<String> buckets, Consumer<String> action)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    buckets.forEach(b -> pool.submit(() -> action.accept(b)));
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }
}
