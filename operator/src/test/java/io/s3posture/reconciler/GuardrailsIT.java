package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.ExemptionStatus;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The guard rails of Enforce on the real stack: exemptions with expiry, the change budget of a new
 * spec, the write-failure breaker, and manual approval of an exact plan.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
class GuardrailsIT {

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("guardrails").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  @Test
  void anExemptionKeepsExactlyItsBucketControlUntilItExpires() {
    String prefix = TestStack.uniqueBucketName("exempt");
    String website = prefix + "-www";
    String other = prefix + "-data";
    for (String bucket : List.of(website, other)) {
      stack.seeder().create(bucket).website(bucket, "i");
    }
    Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(25);

    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "exemption",
                """
                buckets: {selector: {namePatterns: ["%s-*"]}}
                controls:
                  websiteDisabled: {}
                  versioning: {}
                exemptions:
                  - buckets: ["%s"]
                    controls: [websiteDisabled]
                    reason: the public docs site, until the CDN takes over
                    owner: web-team
                    expires: "%s"
                """
                    .formatted(prefix, website, expires)));

    assertThat(hasWebsite(other)).as("not exempt: corrected").isFalse();
    assertThat(hasWebsite(website)).as("exempt: left alone").isTrue();
    assertThat(versioning(website)).as("only the named control is exempt").isEqualTo("Enabled");
    assertThat(policy.getStatus().buckets().exempt()).isEqualTo(1);
    assertThat(policy.getStatus().exemptions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(ExemptionStatus.State.Active);
              assertThat(e.exempted()).isEqualTo(1);
              assertThat(e.owner()).isEqualTo("web-team");
            });
    assertThat(policy.getStatus().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.bucket()).isEqualTo(website);
              assertThat(f.state()).isEqualTo(FindingState.Exempt);
              assertThat(f.action()).contains("web-team", "the public docs site");
            });
    assertThat(ready(policy)).isEqualTo("True");
    assertThat(
            operator
                .registry()
                .get(PostureMetrics.EXEMPTIONS_EXPIRING)
                .tags("namespace", namespace, "policy", "exemption")
                .gauge()
                .value())
        .isEqualTo(1.0);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(hasWebsite(website)).isFalse());
    assertThat(events("exemption", "ExemptionExpired"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("web-team", "websiteDisabled"));
    BucketPolicy after =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().exemptions().get(0).state() == ExemptionStatus.State.Expired
                    && p.getStatus().buckets().exempt() == 0);
    assertThat(after.getStatus().findings()).isNullOrEmpty();
    policies.delete(policy);
  }

  @Test
  void aSpecChangeBeyondTheBudgetPausesAtTheLimitUntilAPersonResumes() {
    String prefix = TestStack.uniqueBucketName("budget");
    List<String> buckets = IntStream.range(0, 50).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(b -> stack.s3().createBucket(r -> r.bucket(b)));
    String audit =
        """
        mode: %s
        buckets: {selector: {namePatterns: ["%s-*"]}}
        controls:
          versioning: {}
        enforcement:
          maxBucketsChangedPerCheck: 10
        """;
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(namespace, "budget", audit.formatted("Audit", prefix)));
    assertThat(policy.getStatus().buckets().drifted()).isEqualTo(50);

    String audited = policy.getStatus().lastCheckTime();
    policies.apply(Policies.manifest(namespace, "budget", audit.formatted("Enforce", prefix)));
    BucketPolicy paused =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().enforcement() != null
                    && Boolean.TRUE.equals(p.getStatus().enforcement().paused())
                    // the Enforce spec's sweep is complete (every bucket checked since the change)
                    && !audited.equals(p.getStatus().lastCheckTime()));

    assertThat(buckets.stream().filter(b -> "Enabled".equals(versioning(b)))).hasSize(10);
    assertThat(paused.getStatus().enforcement().reason()).isEqualTo("TooManyChanges");
    assertThat(paused.getStatus().enforcement().message()).contains("more than 10 bucket(s)");
    assertThat(ready(paused)).isEqualTo("False");
    assertThat(readyReason(paused)).isEqualTo("EnforcementPaused");
    assertThat(paused.getStatus().buckets().drifted()).as("auditing goes on").isEqualTo(40);
    assertThat(events("budget", "EnforcementPaused")).hasSize(1);

    paused = policies.checkNow(paused);
    assertThat(buckets.stream().filter(b -> "Enabled".equals(versioning(b))))
        .as("a paused policy writes nothing")
        .hasSize(10);

    annotate("budget", BucketPolicy.RESUME_ANNOTATION, "reviewed-by-alice");
    BucketPolicy resumed =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().buckets().drifted() == 0
                    && !Boolean.TRUE.equals(p.getStatus().enforcement().paused()));
    assertThat(buckets).allSatisfy(b -> assertThat(versioning(b)).isEqualTo("Enabled"));
    assertThat(ready(resumed)).isEqualTo("True");
    assertThat(events("budget", "EnforcementResumed")).hasSize(1);
    policies.delete(policy);
  }

  @Test
  void failedCorrectionsBeyondTheThresholdTripTheBreaker(FaultProxy proxy) {
    String prefix = TestStack.uniqueBucketName("breaker");
    List<String> buckets = IntStream.range(0, 20).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(b -> stack.s3().createBucket(r -> r.bucket(b)));
    proxy.addRule(FaultRule.accessDenied().onOperation("PutBucketVersioning"));

    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                    namespace,
                    "breaker",
                    """
                buckets: {selector: {namePatterns: ["%s-*"]}}
                controls:
                  versioning: {}
                enforcement:
                  maxBucketsChangedPerCheck: 100
                  maxWriteFailuresPerCheck: 3
                """
                        .formatted(prefix))
                .replace(
                    "region: " + TestStack.REGION,
                    "region: " + TestStack.REGION + "\n    endpoint: " + proxy.endpoint()));
    BucketPolicy paused =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().enforcement() != null
                    && Boolean.TRUE.equals(p.getStatus().enforcement().paused()));

    assertThat(paused.getStatus().enforcement().reason()).isEqualTo("TooManyWriteFailures");
    long attempted =
        buckets.stream().filter(b -> proxy.counts().of("PutBucketVersioning", b) > 0).count();
    assertThat(attempted)
        .as("writing stops after the threshold (plus the checks already under way)")
        .isGreaterThan(3)
        .isLessThanOrEqualTo(3 + 1 + 4);
    BucketPolicy checked = policies.checkNow(paused);
    assertThat(
            buckets.stream().filter(b -> proxy.counts().of("PutBucketVersioning", b) > 0).count())
        .as("no more writes while paused")
        .isEqualTo(attempted);
    assertThat(readyReason(checked)).isEqualTo("EnforcementPaused");
    policies.delete(policy);
  }

  @Test
  void manualApprovalAppliesExactlyTheApprovedPlanAndNeverAStaleOne() {
    String prefix = TestStack.uniqueBucketName("plan");
    List<String> buckets = List.of(prefix + "-a", prefix + "-b");
    buckets.forEach(b -> stack.s3().createBucket(r -> r.bucket(b)));
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "approval",
                """
                buckets: {selector: {namePatterns: ["%s-*"]}}
                controls:
                  versioning: {}
                enforcement:
                  approval: Manual
                """
                    .formatted(prefix)));
    policy =
        policies.awaitStatus(
            policy, p -> p.getStatus().plan() != null && p.getStatus().plan().hash() != null);

    assertThat(buckets).allSatisfy(b -> assertThat(versioning(b)).isNull());
    assertThat(readyReason(policy)).isEqualTo("AwaitingApproval");
    assertThat(policy.getStatus().plan().writes()).isEqualTo(2);
    assertThat(policy.getStatus().plan().buckets()).isEqualTo(2);
    String stale = policy.getStatus().plan().hash();
    ConfigMap plan =
        stack
            .kubernetes()
            .configMaps()
            .inNamespace(namespace)
            .withName(policy.getStatus().plan().configMaps().get(0))
            .get();
    assertThat(plan.getData().get("plan.tsv").lines())
        .satisfiesExactly(
            a -> assertThat(a).startsWith(prefix + "-a\tversioning\tPutBucketVersioning: "),
            b -> assertThat(b).startsWith(prefix + "-b\tversioning\tPutBucketVersioning: "));
    assertThat(events("approval", "PlanReady")).hasSize(1);

    String later = prefix + "-c";
    stack.s3().createBucket(r -> r.bucket(later));
    policy = policies.checkNow(policy);
    assertThat(policy.getStatus().plan().writes()).isEqualTo(3);
    String current = policy.getStatus().plan().hash();
    assertThat(current).isNotEqualTo(stale);

    annotate("approval", BucketPolicy.APPROVE_PLAN_ANNOTATION, stale);
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(() -> assertThat(events("approval", "PlanApprovalRejected")).hasSize(1));
    assertThat(events("approval", "PlanApprovalRejected").get(0).getMessage())
        .contains(stale, current, "nothing applied");
    policy = policies.checkNow(policy);
    assertThat(List.of(prefix + "-a", prefix + "-b", later))
        .allSatisfy(b -> assertThat(versioning(b)).as("a stale plan is never applied").isNull());

    annotate("approval", BucketPolicy.APPROVE_PLAN_ANNOTATION, current);
    BucketPolicy applied =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().buckets().drifted() == 0
                    && p.getStatus().buckets().notChecked() == 0
                    && p.getStatus().plan() != null);
    assertThat(List.of(prefix + "-a", prefix + "-b", later))
        .allSatisfy(b -> assertThat(versioning(b)).isEqualTo("Enabled"));
    assertThat(applied.getStatus().plan().lastApplied()).isEqualTo(current);
    assertThat(applied.getStatus().plan().hash()).isNull();
    assertThat(events("approval", "PlanApproved")).hasSize(1);
    await()
        .atMost(Policies.TIMEOUT)
        .until(
            () ->
                stack
                        .kubernetes()
                        .configMaps()
                        .inNamespace(namespace)
                        .withName(plan.getMetadata().getName())
                        .get()
                    == null);

    stack.seeder().versioning(later, BucketVersioningStatus.SUSPENDED);
    BucketPolicy drifted = policies.checkNow(applied);
    assertThat(versioning(later)).as("new drift waits for a new approval").isEqualTo("Suspended");
    assertThat(drifted.getStatus().plan().writes()).isEqualTo(1);
    policies.delete(policy);
  }

  private void annotate(String policy, String annotation, String value) {
    stack
        .kubernetes()
        .resources(BucketPolicy.class)
        .inNamespace(namespace)
        .withName(policy)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + annotation + "\":\"" + value + "\"}}}");
  }

  private boolean hasWebsite(String bucket) {
    return stack.seeder().hasWebsite(bucket);
  }

  private String versioning(String bucket) {
    return stack.s3().getBucketVersioning(r -> r.bucket(bucket)).statusAsString();
  }

  private List<Event> events(String policy, String reason) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static String ready(BucketPolicy policy) {
    return condition(policy).getStatus();
  }

  private static String readyReason(BucketPolicy policy) {
    return condition(policy).getReason();
  }

  private static Condition condition(BucketPolicy policy) {
    return policy.getStatus().conditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
