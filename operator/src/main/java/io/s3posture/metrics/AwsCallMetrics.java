package io.s3posture.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.s3posture.aws.AwsCall;
import io.s3posture.aws.AwsCallListener;
import java.time.Duration;

/**
 * Counts every AWS API call by operation and outcome and times it (SDK retries included). The
 * "not_found" outcome is a read of a setting that is not configured, which is normal.
 */
public final class AwsCallMetrics implements AwsCallListener {

  public static final String CALLS = "s3posture.aws.api.calls";
  public static final String DURATION = "s3posture.aws.api.call.duration";

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void called(AwsCall call) {
    Counter.builder(CALLS)
        .description("AWS API calls by service, operation and outcome")
        .tag("service", call.service())
        .tag("operation", call.operation())
        .tag("outcome", call.outcome().label())
        .register(registry)
        .increment();
    timer(call.service(), call.operation()).record(call.duration());
  }

  /**
   * The call duration histogram of one operation: a few explicit buckets (25 ms to 30 s, SDK
   * retries included), not Micrometer's ~70 percentile buckets, so that a default scrape stays
   * small. p50/p95 come from histogram_quantile over these.
   */
  Timer timer(String service, String operation) {
    return Timer.builder(DURATION)
        .description("Latency of AWS API calls, retries included")
        .tag("service", service)
        .tag("operation", operation)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry);
  }

  static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };
}
