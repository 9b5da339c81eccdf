package io.s3posture.reliability;

import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.DistributionSummary;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.aws.AwsTimeouts;
import io.s3posture.fleet.SubjectRetries;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.operator.Timings;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A small fleet for fault tests: a few buckets of one test, a policy over them, and what the
 * operator says about them (status findings, events, metrics). Faults hit the buckets through the
 * fault proxy; the test seeds and inspects them directly in moto.
 */
final class FaultFleet {

  /** The SDK's attempts per call in the operator under test. */
  static final int MAX_ATTEMPTS = 2;

  /**
   * Timeouts and retry delays shortened so that a fault scenario takes seconds: an attempt ends
   * after 1 s, a call after 3 s; a failing bucket is checked again after 200 ms, 400 ms, ... 3.2 s.
   */
  static final Timings TIMINGS =
      new Timings(
          new AwsTimeouts(
              Duration.ofSeconds(1),
              Duration.ofSeconds(2),
              Duration.ofSeconds(1),
              Duration.ofSeconds(3)),
          Duration.ofMillis(200),
          Duration.ofMillis(3200));

  private final TestStack stack;
  private final String namespace;
  private final OperatorUnderTest operator;
  private final Policies policies;
  final String prefix;
  final List<String> buckets;

  FaultFleet(
      TestStack stack,
      String namespace,
      OperatorUnderTest operator,
      Policies policies,
      String name,
      int size) {
    this.stack = stack;
    this.namespace = namespace;
    this.operator = operator;
    this.policies = policies;
    this.prefix = TestStack.uniqueBucketName(name);
    this.buckets = IntStream.range(0, size).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(stack.seeder()::create);
  }

  /** Rules of the proxy select this fleet's buckets with this glob. */
  String glob() {
    return prefix + "-*";
  }

  /** A policy over the fleet's buckets requiring versioning and Block Public Access. */
  String policy(String name, String mode) {
    return Policies.manifest(
        namespace,
        name,
        """
        mode: %s
        resyncInterval: 1h
        buckets:
          names: [%s]
        controls:
          versioning: {}
          publicAccessBlock: {}
        """
            .formatted(mode, String.join(", ", buckets)));
  }

  /** Versioning suspended behind the operator's back (directly in moto). */
  void suspendVersioning() {
    buckets.forEach(b -> stack.seeder().versioning(b, BucketVersioningStatus.SUSPENDED));
  }

  boolean allVersioned() {
    return buckets.stream()
        .allMatch(
            b ->
                stack.s3().getBucketVersioning(r -> r.bucket(b)).status()
                    == BucketVersioningStatus.ENABLED);
  }

  /** The policy once every bucket is compliant. */
  BucketPolicy awaitCompliant(BucketPolicy policy) {
    return policies.awaitStatus(
        policy,
        p ->
            p.getStatus().buckets() != null
                && p.getStatus().buckets().compliant() == buckets.size());
  }

  /** The policy once every bucket has a finding with {@code reason} for {@code control}. */
  BucketPolicy awaitFindings(BucketPolicy policy, String control, String reason) {
    return policies.awaitStatus(
        policy,
        p ->
            p.getStatus().findings() != null
                && buckets.stream()
                    .allMatch(
                        b ->
                            finding(p, b, control)
                                .map(f -> reason.equals(f.reason()))
                                .orElse(false)));
  }

  static Optional<Finding> finding(BucketPolicy policy, String bucket, String control) {
    return policy.getStatus().findings().stream()
        .filter(f -> bucket.equals(f.bucket()) && control.equals(f.control()))
        .findFirst();
  }

  /** The events of policy {@code name} with {@code reason}. */
  List<Event> events(String name, String reason) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** AWS calls the operator made that ended throttled (after the SDK's attempts). */
  long throttledCalls() {
    return operator
        .registry()
        .find(AwsCallMetrics.CALLS)
        .tag("outcome", "throttled")
        .counters()
        .stream()
        .mapToLong(c -> (long) c.count())
        .sum();
  }

  /** The operator's retries of failing buckets: how many were scheduled, the longest backoff. */
  DistributionSummary retryDelays() {
    return operator.registry().get(SubjectRetries.DELAY).summary();
  }

  /** Buckets waiting for a retry now. */
  long retriesPending() {
    return (long) operator.registry().get(SubjectRetries.PENDING).gauge().value();
  }
}
