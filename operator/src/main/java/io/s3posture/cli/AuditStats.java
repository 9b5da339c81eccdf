package io.s3posture.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.aws.AwsCallListener;
import io.s3posture.metrics.AwsCallMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * --stats: counts AWS calls with the operator's own call metrics (one count per API call, SDK
 * retries included in the call) and prints throughput on stderr.
 */
public final class AuditStats {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Install on every client of the run. */
  public AwsCallListener listener() {
    return new AwsCallMetrics(registry);
  }

  /** API calls by operation, e.g. GetBucketAcl=1000. */
  public Map<String, Long> callsByOperation() {
    Map<String, Long> calls = new TreeMap<>();
    for (Counter counter : registry.find(AwsCallMetrics.CALLS).counters()) {
      calls.merge(counter.getId().getTag("operation"), (long) counter.count(), Long::sum);
    }
    return calls;
  }

  /**
   * Calls about one bucket: every S3 call but ListBuckets. The others (listing, the caller's
   * identity, the account's checks) are made once per run, whatever the number of buckets.
   */
  public long bucketCalls() {
    long calls = 0;
    for (Counter counter : registry.find(AwsCallMetrics.CALLS).counters()) {
      if ("S3".equals(counter.getId().getTag("service"))
          && !"ListBuckets".equals(counter.getId().getTag("operation"))) {
        calls += (long) counter.count();
      }
    }
    return calls;
  }

  public void print(PrintStream err, int buckets, Duration elapsed) {
    Map<String, Long> calls = callsByOperation();
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    long bucketCalls = bucketCalls();
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    err.printf(
        Locale.ROOT,
        "stats: buckets=%d seconds=%.3f buckets_per_second=%.1f aws_calls=%d"
            + " calls_per_bucket=%.2f bucket_calls_per_bucket=%.2f run_calls=%d%n",
        buckets,
        seconds,
        buckets / seconds,
        total,
        perBucket(total, buckets),
        perBucket(bucketCalls, buckets),
        total - bucketCalls);
    err.println(
        "stats: calls by operation: "
            + calls.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
  }

  private static double perBucket(long calls, int buckets) {
    return buckets == 0 ? 0.0 : (double) calls / buckets;
  }
}
