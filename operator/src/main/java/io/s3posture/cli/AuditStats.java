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

  public void print(PrintStream err, int buckets, Duration elapsed) {
    Map<String, Long> calls = callsByOperation();
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    err.printf(
        Locale.ROOT,
        "stats: buckets=%d seconds=%.3f buckets_per_second=%.1f aws_calls=%d"
            + " calls_per_bucket=%.2f%n",
        buckets,
        seconds,
        buckets / seconds,
        total,
        buckets == 0 ? 0.0 : (double) total / buckets);
    err.println(
        "stats: calls by operation: "
            + calls.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
  }
}
