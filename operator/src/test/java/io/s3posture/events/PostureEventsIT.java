package io.s3posture.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes events the operator publishes, read back from the real API server: one reason per
 * kind of transition, Warning only for what needs a person, nothing on a re-check that changed
 * nothing, and no storm when a whole fleet of buckets keeps failing.
 */
@ExtendWith(LocalStackExtension.class)
class PostureEventsIT {

  private static final Set<String> NEEDS_ACTION =
      Set.of("DriftDetected", "RemediationFailed", "NeedsHuman", "Conflict", "CheckFailed");

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("events").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  @Test
  void aFleetOfMissingBucketsGetsABoundedNumberOfEventsAndNoneOnRechecks() {
    List<String> missing =
        IntStream.range(0, 40).mapToObj(i -> TestStack.uniqueBucketName("events-gone")).toList();
    BucketPolicy policy =
        policies.apply(
            VersioningPolicies.of(namespace, "storm", "Enforce", missing, "")
                .replace("versioning: {}", "versioning: {}\n    websiteDisabled: {}"));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().failed() == missing.size());
    // bucket checks report one by one: the burst goes out at once, the rest as one summary
    List<Event> failed =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                () -> events("storm"),
                e -> e.stream().anyMatch(event -> event.getMessage().contains("(rate-limited;")));

    // 80 bucket controls failed at once: a burst of events, the rest folded into one summary
    assertThat(failed)
        .as("events for 40 missing buckets × 2 controls")
        .hasSizeLessThanOrEqualTo(EventRateLimiter.BURST + 1)
        .allSatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("RemediationFailed");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("NoSuchBucket");
            });
    assertThat(failed)
        .filteredOn(e -> e.getMessage().contains("(rate-limited;"))
        .singleElement()
        .satisfies(
            summary ->
                assertThat(summary.getMessage())
                    .matches(
                        "RemediationFailed on \\d+ more bucket controls \\(rate-limited; .*First:"
                            + " bucket events-gone-.*"));
    Set<String> named =
        failed.stream()
            .filter(e -> !e.getMessage().contains("(rate-limited;"))
            .map(e -> e.getMessage().replaceAll("^bucket ([^,]+),.*$", "$1"))
            .collect(Collectors.toSet());
    assertThat(missing).containsAll(named);

    // the buckets keep failing the same way: re-checks publish nothing more
    policies.checkNow(policy);
    policies.checkNow(policy);
    policies.checkNow(policy);
    assertThat(events("storm")).hasSameSizeAs(failed);
    assertThat(
            operator.counter(
                PostureMetrics.REMEDIATION_FAILURES,
                "namespace",
                namespace,
                "policy",
                "storm",
                "reason",
                "NoSuchBucket"))
        .as("the metric still counts every failed check")
        .isGreaterThanOrEqualTo(4.0 * missing.size());
    policies.delete(policy);
  }

  @Test
  void eachTransitionHasItsReasonAndOnlyWhatNeedsActionIsAWarning() {
    String bucket = stack.seeder().bucket("events-drift");

    // Audit: drift found (Warning), reported once however often it is checked
    BucketPolicy policy =
        policies.apply(VersioningPolicies.of(namespace, "lifecycle", "Audit", List.of(bucket)));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().drifted() == 1);
    awaitEvents("lifecycle", "DriftDetected", 1);
    policies.checkNow(policy);

    // Enforce: corrected (Normal)
    policy =
        policies.apply(VersioningPolicies.of(namespace, "lifecycle", "Enforce", List.of(bucket)));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    awaitEvents("lifecycle", "DriftCorrected", 1);
    policies.checkNow(policy);

    // MFA delete is required: only a person can turn it on (Warning)
    policy =
        policies.apply(
            VersioningPolicies.of(
                namespace, "lifecycle", "Enforce", List.of(bucket), "mfaDelete: Required"));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().needsHuman() == 1);
    awaitEvents("lifecycle", "NeedsHuman", 1);
    policies.checkNow(policy);

    // no longer required: compliant again (Normal)
    policy =
        policies.apply(VersioningPolicies.of(namespace, "lifecycle", "Enforce", List.of(bucket)));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    awaitEvents("lifecycle", "Recovered", 1);
    policies.checkNow(policy);

    List<Event> events = events("lifecycle");
    assertThat(events)
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("DriftDetected", "DriftCorrected", "NeedsHuman", "Recovered");
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.getMessage()).startsWith("bucket " + bucket + ", versioning: "));
    policies.delete(policy);
  }

  @Test
  void aPolicyThatCannotBeCheckedWarnsOnceAndSaysWhenItRecovers() {
    String bucket = stack.seeder().bucket("events-reach");
    String reachable = VersioningPolicies.selecting(namespace, "unreachable", bucket, null);
    String unreachable =
        VersioningPolicies.selecting(
            namespace, "unreachable", bucket, VersioningPolicies.UNREACHABLE_ENDPOINT);
    BucketPolicy policy = policies.apply(unreachable);

    // the check fails, and fails again on every retry: one CheckFailed however many retries
    await().atMost(Policies.TIMEOUT).until(() -> checkFailures("unreachable") >= 1);
    checkNowExpectingFailure(policy);
    checkNowExpectingFailure(policy);
    assertThat(events("unreachable"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("CheckFailed");
              assertThat(e.getType()).isEqualTo("Warning");
            });

    // reachable again: Recovered (Normal), then the bucket's own transition
    policy = policies.apply(reachable);
    policies.awaitStatus(
        policy, p -> p.getStatus().buckets() != null && p.getStatus().buckets().compliant() == 1);
    awaitEvents("unreachable", "Recovered", 1);
    assertThat(events("unreachable"))
        .extracting(Event::getReason, Event::getType)
        .containsExactlyInAnyOrder(
            tuple("CheckFailed", "Warning"),
            tuple("Recovered", "Normal"),
            tuple("DriftCorrected", "Normal"));
    policies.delete(policy);
  }

  /** What every event must be: a known reason, its type, the policy, the operator as source. */
  private static void assertWellFormed(Event e) {
    Set<String> reasons =
        Arrays.stream(EventReason.values()).map(Enum::name).collect(Collectors.toSet());
    assertThat(e.getReason()).isIn(reasons);
    assertThat(e.getType())
        .as(e.getReason())
        .isEqualTo(EventReason.valueOf(e.getReason()).type())
        .isEqualTo(NEEDS_ACTION.contains(e.getReason()) ? "Warning" : "Normal");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("BucketPolicy");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("s3posture.io/v1alpha1");
    assertThat(e.getInvolvedObject().getUid()).isNotBlank();
    assertThat(e.getSource().getComponent()).isEqualTo("s3-posture-operator");
    assertThat(e.getReportingComponent()).isEqualTo("s3-posture-operator");
    assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(1000);
  }

  private void awaitEvents(String policy, String reason, int count) {
    await()
        .atMost(Policies.TIMEOUT)
        .until(
            () ->
                events(policy).stream().filter(e -> reason.equals(e.getReason())).count() == count);
  }

  /** The events about {@code policy}, each checked to be well formed. */
  private List<Event> events(String policy) {
    List<Event> events =
        stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(e -> policy.equals(e.getInvolvedObject().getName()))
            .toList();
    events.forEach(PostureEventsIT::assertWellFormed);
    return events;
  }

  /** Requests a check through the annotation and waits for it to fail as a whole. */
  private void checkNowExpectingFailure(BucketPolicy policy) {
    double before = checkFailures(policy.getMetadata().getName());
    policies.requestCheck(policy);
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> checkFailures(policy.getMetadata().getName()) > before);
  }

  private double checkFailures(String policy) {
    return operator.counter(
        PostureMetrics.CHECK_FAILURES, "namespace", namespace, "policy", policy);
  }
}
