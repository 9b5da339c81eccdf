package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.LocalStack;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * {@code make bench}: how long the operator takes to check and correct a fleet of drifted buckets
 * on the local stack, how long a re-check of the compliant fleet takes, and what each costs in AWS
 * calls per bucket. Usage: ReconcileBenchmark [buckets] (default 500).
 */
public final class ReconcileBenchmark {

  private static final String CONTROLS =
      """
      controls:
        noPublicAcl: {}
        publicAccessBlock: {}
        encryption: {algorithm: SSE-S3}
        versioning: {}
        tlsOnly: {}
        websiteDisabled: {}
      """;

  private ReconcileBenchmark() {}

  public static void main(String[] args) throws Exception {
    int buckets = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    try (TestStack stack =
        new TestStack(LocalStack.start(Path.of("target", "bench-stack").toAbsolutePath()))) {
      String namespace = stack.createNamespace("bench");
      String prefix = TestStack.uniqueBucketName("bench");
      seed(stack, prefix, buckets);
      try (OperatorUnderTest operator = OperatorUnderTest.start(stack, Set.of(namespace))) {
        Policies policies = new Policies(stack.kubernetes(), operator);
        String manifest =
            Policies.manifest(
                namespace,
                "fleet",
                "buckets:\n  selector: {namePatterns: [\"" + prefix + "-*\"]}\n" + CONTROLS);

        long reads = operator.awsReads();
        long writes = operator.awsWrites();
        long start = System.nanoTime();
        BucketPolicy policy = policies.apply(manifest);
        policy =
            policies.awaitStatus(
                policy,
                p ->
                    p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == buckets);
        report(
            "first check, all drifted (Enforce: read, correct, verify)",
            buckets,
            start,
            operator,
            reads,
            writes);

        reads = operator.awsReads();
        writes = operator.awsWrites();
        start = System.nanoTime();
        policies.checkNow(policy);
        report("re-check, all compliant", buckets, start, operator, reads, writes);
      }
    }
  }

  private static void seed(TestStack stack, String prefix, int buckets)
      throws InterruptedException {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    IntStream.range(0, buckets)
        .forEach(
            i ->
                pool.submit(
                    () -> {
                      String bucket = prefix + "-" + i;
                      stack.s3().createBucket(r -> r.bucket(bucket));
                      stack
                          .s3()
                          .putBucketAcl(r -> r.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
                    }));
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT, "seeded %d public, unversioned buckets in %.1f s%n", buckets, seconds(start));
  }

  private static void report(
      String what, int buckets, long start, OperatorUnderTest operator, long reads, long writes) {
    double seconds = seconds(start);
    System.out.printf(
        Locale.ROOT,
        "%-58s %6.1f s  %7.1f buckets/s  %5.2f reads/bucket  %5.2f writes/bucket%n",
        what,
        seconds,
        buckets / seconds,
        (operator.awsReads() - reads) / (double) buckets,
        (operator.awsWrites() - writes) / (double) buckets);
  }

  private static double seconds(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
  }
}
