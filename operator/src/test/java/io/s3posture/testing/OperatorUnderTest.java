package io.s3posture.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.changes.ChangeEventMetrics;
import io.s3posture.changes.EventQueue;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.metrics.SmallHistograms;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.operator.PostureOperator;
import io.s3posture.operator.Timings;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The real operator, in-process, watching only the given namespaces of the shared API server and
 * talking to moto. Its meter registry gives tests exact AWS call counts.
 */
public final class OperatorUnderTest implements AutoCloseable {

  private final PostureOperator operator;
  private final PrometheusMeterRegistry registry;

  private OperatorUnderTest(PostureOperator operator, PrometheusMeterRegistry registry) {
    this.operator = operator;
    this.registry = registry;
  }

  public static OperatorUnderTest start(TestStack stack, Set<String> namespaces) {
    return start(stack, stack.kubernetes(), config(stack, namespaces, false, true));
  }

  public static OperatorUnderTest start(
      TestStack stack, KubernetesClient client, OperatorConfig config) {
    return start(client, config, Timings.STANDARD);
  }

  /** With other AWS timeouts and retry delays (fault tests shorten them). */
  public static OperatorUnderTest start(
      KubernetesClient client, OperatorConfig config, Timings timings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new SmallHistograms());
    PostureOperator operator =
        new PostureOperator(client, config, registry, Clock.systemUTC(), timings);
    operator.start();
    return new OperatorUnderTest(operator, registry);
  }

  public static OperatorConfig config(
      TestStack stack, Set<String> namespaces, boolean accountPolicies, boolean bucketLabel) {
    return config(stack.moto().endpoint(), namespaces, accountPolicies, bucketLabel);
  }

  /**
   * As above, against {@code endpoint} instead of moto: a {@code FaultProxy} in front of it, for
   * instance.
   */
  public static OperatorConfig config(
      URI endpoint, Set<String> namespaces, boolean accountPolicies, boolean bucketLabel) {
    return new OperatorConfig(
        0,
        namespaces,
        false,
        "default",
        bucketLabel,
        4,
        4,
        10_000,
        2,
        Optional.of(endpoint),
        accountPolicies);
  }

  /** The same, receiving change events from {@code queues}. */
  public static OperatorConfig config(
      TestStack stack, Set<String> namespaces, boolean accountPolicies, List<EventQueue> queues) {
    return config(stack, namespaces, accountPolicies, true).withEventQueues(queues);
  }

  /** Change-event messages of {@code queue} by outcome (checked, ignored_own_write, ...). */
  public double changeEvents(String queue, String outcome) {
    return counter(ChangeEventMetrics.RECEIVED, "queue", queue, "outcome", outcome);
  }

  /** Bucket checks by trigger (sweep, check_now, retry, change_event). */
  public double bucketChecks(String trigger) {
    return counter(PostureMetrics.BUCKET_CHECKS, "trigger", trigger);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public PostureOperator operator() {
    return operator;
  }

  /** Completed checks of policies of {@code kind} (BucketPolicy or AccountPolicy). */
  public long checks(String kind) {
    Timer timer = registry.find(PostureMetrics.RECONCILE_DURATION).tag("kind", kind).timer();
    return timer == null ? 0 : timer.count();
  }

  /** Completed checks of one policy. */
  public long checks(String kind, String namespace, String name) {
    Counter counter =
        registry
            .find(PostureMetrics.POLICY_CHECKS)
            .tags("kind", kind, "namespace", namespace, "policy", name)
            .counter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Reconciliations JOSDK has completed, status writes included, for all resources. */
  public long completedReconciliations() {
    return (long)
        registry.find("operator.sdk.reconciliations.success").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /**
   * S3, S3 Control and STS calls whose operation matches, e.g. {@code op -> op.startsWith("Put")}.
   * SQS calls of change events (ReceiveMessage, DeleteMessageBatch) are not counted.
   */
  public long awsCalls(Predicate<String> operation) {
    return registry.find(AwsCallMetrics.CALLS).counters().stream()
        .filter(c -> !"Sqs".equals(c.getId().getTag("service")))
        .filter(c -> operation.test(c.getId().getTag("operation")))
        .mapToLong(c -> (long) c.count())
        .sum();
  }

  /** Calls that change something in AWS. */
  public long awsWrites() {
    return awsCalls(op -> op.startsWith("Put") || op.startsWith("Delete"));
  }

  public long awsReads() {
    return awsCalls(op -> op.startsWith("Get"));
  }

  public double counter(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    operator.close();
  }
}
