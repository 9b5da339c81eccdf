package io.s3posture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.Fault;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.localstack.proxy.RequestCounts;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator (not only the SDK) through the fault proxy: what it does when AWS throttles, resets
 * connections, answers too slowly, refuses writes or sends answers it cannot parse, asserted as
 * counts at the proxy and in the operator's metrics, and as the states status, events and metrics
 * reach. Small fleets, timeouts and retry delays shortened ({@link FaultFleet#TIMINGS}).
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
class OperatorFaultsIT {

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("faults")
          .throughFaultProxy()
          .timings(FaultFleet.TIMINGS)
          .build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  private FaultFleet fleet(String name) {
    return new FaultFleet(stack, namespace, operator, policies, name, 4);
  }

  @Test
  void aThrottlingStormIsRetriedWithinBoundsWithGrowingBackoffAndConvergesAfter(FaultProxy proxy) {
    FaultFleet fleet = fleet("storm");
    BucketPolicy policy = fleet.awaitCompliant(policies.apply(fleet.policy("storm", "Enforce")));
    fleet.suspendVersioning();
    long throttledBefore = fleet.throttledCalls();
    long retriesBefore = fleet.retryDelays().count();
    proxy.resetCounts();

    proxy.addRule(FaultRule.slowDown().onBucket(fleet.glob()));
    policies.requestCheck(policy);

    // status, events and metrics say Throttled, once per bucket control (transitions only)
    fleet.awaitFindings(policy, "versioning", "Throttled");
    fleet.awaitFindings(policy, "publicAccessBlock", "Throttled");
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> fleet.events("storm", "RemediationFailed").size() == 8);
    assertThat(fleet.events("storm", "RemediationFailed"))
        .extracting(Event::getMessage)
        .allSatisfy(m -> assertThat(m).contains("Throttled"));
    assertThat(
            operator.counter(
                PostureMetrics.REMEDIATION_FAILURES,
                "policy",
                "storm",
                "control",
                "versioning",
                "reason",
                "Throttled"))
        .isGreaterThanOrEqualTo(4);

    // the backoff between checks of a bucket grows: 200 ms, 400 ms, 800 ms, ...
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> fleet.retryDelays().max() >= 0.8 && fleet.retryDelays().count() >= 16);
    Snapshot storm =
        await().atMost(Policies.TIMEOUT).until(() -> quiet(fleet, proxy), s -> s != null);

    long throttledCalls = storm.throttledCalls - throttledBefore;
    long retries = storm.retriesScheduled - retriesBefore;
    long attempts = 0;
    long checks = 0;
    for (String bucket : fleet.buckets) {
      long versioning = storm.counts.of("s3:GetBucketVersioning", bucket);
      long publicAccessBlock = storm.counts.of("s3:GetPublicAccessBlock", bucket);
      assertThat(versioning % FaultFleet.MAX_ATTEMPTS)
          .as("every call of %s tried exactly %d times", bucket, FaultFleet.MAX_ATTEMPTS)
          .isZero();
      assertThat(publicAccessBlock).as("one read of each control per check").isEqualTo(versioning);
      checks += versioning / FaultFleet.MAX_ATTEMPTS;
      attempts += versioning + publicAccessBlock;
    }
    assertThat(storm.counts.total()).as("nothing but the fleet's reads").isEqualTo(attempts);
    assertThat(storm.counts.faulted("*", Fault.SLOW_DOWN)).isEqualTo(attempts);
    assertThat(attempts)
        .as("attempts = S3POSTURE_AWS_MAX_ATTEMPTS x calls that ended throttled")
        .isEqualTo(FaultFleet.MAX_ATTEMPTS * throttledCalls);
    assertThat(checks)
        .as("no hot loop: every failed check scheduled one retry, and nothing else checked them")
        .isEqualTo(retries);

    proxy.clearRules();

    fleet.awaitCompliant(policy);
    assertThat(fleet.allVersioned()).isTrue();
    await().atMost(Policies.TIMEOUT).until(() -> fleet.events("storm", "Recovered").size() == 4);
    policies.delete(policy);
  }

  /** A consistent view while every bucket waits for its retry (no check in flight), or null. */
  private Snapshot quiet(FaultFleet fleet, FaultProxy proxy) {
    long scheduled = fleet.retryDelays().count();
    if (fleet.retriesPending() != fleet.buckets.size()) {
      return null;
    }
    long throttled = fleet.throttledCalls();
    RequestCounts counts = proxy.counts();
    boolean unchanged =
        fleet.retriesPending() == fleet.buckets.size()
            && fleet.retryDelays().count() == scheduled
            && fleet.throttledCalls() == throttled
            && proxy.counts().total() == counts.total();
    return unchanged ? new Snapshot(counts, throttled, scheduled) : null;
  }

  private record Snapshot(RequestCounts counts, long throttledCalls, long retriesScheduled) {}

  @Test
  void partialThrottlingConvergesWhileItLasts(FaultProxy proxy) {
    FaultFleet fleet = fleet("partial");
    fleet.suspendVersioning();
    proxy.addRule(FaultRule.slowDown().onBucket(fleet.glob()).withProbability(0.3));

    BucketPolicy policy = fleet.awaitCompliant(policies.apply(fleet.policy("partial", "Enforce")));

    assertThat(fleet.allVersioned()).isTrue();
    assertThat(proxy.counts().faulted("*", Fault.SLOW_DOWN)).as("the fault was on").isPositive();
    assertThat(proxy.rules()).hasSize(1);
    policies.delete(policy);
  }

  @Test
  void resetConnectionsFailTheChecksWhichConvergeAfter(FaultProxy proxy) {
    FaultFleet fleet = fleet("reset");
    BucketPolicy policy = fleet.awaitCompliant(policies.apply(fleet.policy("reset", "Enforce")));
    fleet.suspendVersioning();
    proxy.addRule(FaultRule.reset().onBucket(fleet.glob()));

    policies.requestCheck(policy);
    policy = fleet.awaitFindings(policy, "versioning", "NetworkError");
    // Block Public Access is read first; its failure ends the check
    assertThat(FaultFleet.finding(policy, fleet.buckets.get(0), "publicAccessBlock"))
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("NetworkError"));
    assertThat(FaultFleet.finding(policy, fleet.buckets.get(0), "versioning"))
        .as("one unreachable read ends the bucket's check")
        .hasValueSatisfying(f -> assertThat(f.action()).startsWith("not checked after"));
    assertThat(operator.operator().isLive()).isTrue();

    proxy.clearRules();
    fleet.awaitCompliant(policy);
    assertThat(fleet.allVersioned()).isTrue();
    policies.delete(policy);
  }

  @Test
  void latencyBeyondTheTimeoutsEndsEachCheckAndTheFleetConvergesAfter(FaultProxy proxy) {
    FaultFleet fleet = fleet("slow");
    BucketPolicy policy = fleet.awaitCompliant(policies.apply(fleet.policy("slow", "Enforce")));
    fleet.suspendVersioning();
    // longer than the call timeout (3 s), let alone an attempt (1 s)
    proxy.addRule(FaultRule.latency(Duration.ofSeconds(5)).onBucket(fleet.glob()));

    policies.requestCheck(policy);
    // no check hangs: each ends with its timeouts and says so
    fleet.awaitFindings(policy, "versioning", "NetworkError");
    long attempts = proxy.counts().of("s3:GetBucketVersioning", fleet.buckets.get(0));
    assertThat(attempts).isPositive();

    proxy.clearRules();
    fleet.awaitCompliant(policy);
    assertThat(fleet.allVersioned()).isTrue();
    policies.delete(policy);
  }

  @Test
  void deniedWritesAreReportedPerBucketWithoutRetriesAndAuditPoliciesAreUnaffected(
      FaultProxy proxy) {
    FaultFleet enforced = fleet("denied");
    FaultFleet audited = fleet("denied-audit");
    proxy.addRule(FaultRule.accessDenied().onWrites().onBucket(enforced.glob()));
    proxy.addRule(FaultRule.accessDenied().onWrites().onBucket(audited.glob()));
    long retriesBefore = enforced.retryDelays().count();

    BucketPolicy enforce = policies.apply(enforced.policy("denied", "Enforce"));
    BucketPolicy audit = policies.apply(audited.policy("denied-audit", "Audit"));
    enforce = enforced.awaitFindings(enforce, "versioning", "AccessDenied");
    enforced.awaitFindings(enforce, "publicAccessBlock", "AccessDenied");
    audit = audited.awaitFindings(audit, "versioning", "AuditMode");

    assertThat(enforce.getStatus().buckets().failed()).isEqualTo(4);
    assertThat(audit.getStatus().buckets().drifted()).isEqualTo(4);
    assertThat(audit.getStatus().buckets().failed()).isZero();
    for (String bucket : enforced.buckets) {
      assertThat(proxy.counts().of("s3:PutBucketVersioning", bucket))
          .as("a refused write is not retried")
          .isEqualTo(1);
    }
    assertThat(proxy.counts().of("s3:Put*")).isEqualTo(8);
    assertThat(enforced.retryDelays().count())
        .as("AccessDenied is no reason to retry soon")
        .isEqualTo(retriesBefore);

    policies.checkNow(enforce);
    for (String bucket : enforced.buckets) {
      assertThat(proxy.counts().of("s3:PutBucketVersioning", bucket))
          .as("one write per check")
          .isEqualTo(2);
    }
    assertThat(enforced.events("denied", "RemediationFailed")).hasSize(8);

    proxy.clearRules();
    enforced.awaitCompliant(policies.checkNow(enforce));
    assertThat(enforced.allVersioned()).isTrue();
    assertThat(audited.allVersioned()).as("Audit never writes").isFalse();
    policies.delete(enforce);
    policies.delete(audit);
  }

  @Test
  void malformedAnswersAreClassifiedAndTheOperatorCarriesOn(FaultProxy proxy) {
    FaultFleet fleet = fleet("malformed");
    fleet.suspendVersioning();
    proxy.addRule(
        FaultRule.malformedBody().onOperation("GetBucketVersioning").onBucket(fleet.glob()));

    BucketPolicy policy =
        fleet.awaitFindings(
            policies.apply(fleet.policy("malformed", "Enforce")),
            "versioning",
            "MalformedResponse");

    assertThat(policy.getStatus().findings())
        .as("the other control of each bucket was checked and corrected")
        .noneMatch(f -> f.control().equals("publicAccessBlock"));
    assertThat(operator.operator().isLive()).isTrue();
    List<Event> failed = fleet.events("malformed", "RemediationFailed");
    assertThat(failed)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getMessage()).contains("MalformedResponse"));

    proxy.clearRules();
    fleet.awaitCompliant(policy);
    assertThat(fleet.allVersioned()).isTrue();
    policies.delete(policy);
  }
}
