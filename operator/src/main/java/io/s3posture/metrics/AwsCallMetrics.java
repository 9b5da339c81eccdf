package io.s3posture.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.s3posture.aws.AwsErrorClassifier;
import io.s3posture.aws.FailureKind;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call by operation and outcome and times it (SDK retries included). The
 * "not_found" outcome is a read of a setting that is not configured, which is normal.
 */
public final class AwsCallMetrics implements ExecutionInterceptor {

  public static final String CALLS = "s3posture.aws.api.calls";
  public static final String DURATION = "s3posture.aws.api.call.duration";

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("s3posture.call.started");

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, outcome(context.exception()));
  }

  static String outcome(Throwable error) {
    if (error instanceof AwsServiceException service && service.statusCode() == 404) {
      return "not_found";
    }
    if (!(error instanceof RuntimeException runtime)) {
      return "error";
    }
    FailureKind kind = AwsErrorClassifier.classify("call", runtime).kind();
    return switch (kind) {
      case THROTTLED -> "throttled";
      case ACCESS_DENIED, CREDENTIALS -> "access_denied";
      case NO_SUCH_BUCKET -> "not_found";
      default -> "error";
    };
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    Counter.builder(CALLS)
        .description("AWS API calls by service, operation and outcome")
        .tag("service", String.valueOf(service))
        .tag("operation", String.valueOf(operation))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      timer(String.valueOf(service), String.valueOf(operation))
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
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
