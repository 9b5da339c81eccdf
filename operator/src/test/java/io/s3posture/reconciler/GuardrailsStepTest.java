package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.ControlName;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.WriteGate;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.events.EventReason;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.Plan;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.MovableClock;
import io.s3posture.testing.RecordingEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard rails' decisions at a reconcile: a plan waiting for approval is kept and announced
 * once, an approval of exactly that plan queues its buckets, any other approval is rejected once, a
 * resume is honoured once, a pause is announced once.
 */
class GuardrailsStepTest {

  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final Optional<Integer> SWEPT = Optional.empty();

  private final MovableClock clock = new MovableClock();
  private final RecordingEvents events = new RecordingEvents();
  private final List<Plan> plansKept = new CopyOnWriteArrayList<>();
  private final List<String> queued = new CopyOnWriteArrayList<>();
  private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  private final SubjectWorkQueue queue =
      new SubjectWorkQueue(
          (key, only, why) -> {
            queued.add(key.name());
            triggers.addAll(why);
            return SubjectWorkQueue.Result.CHECKED;
          },
          1,
          1,
          100);
  private final GuardrailsStep step =
      new GuardrailsStep(
          queue,
          new EventPublisher(events, EventRateLimiter.standard(clock), clock),
          new PostureMetrics(new SimpleMeterRegistry(), false, clock),
          new PlanStore() {
            @Override
            public List<String> keep(BucketPolicy policy, Plan plan) {
              plansKept.add(plan);
              return plan.isEmpty() ? List.of() : List.of(policy.getMetadata().getName() + "-plan");
            }

            @Override
            public void forget(String uid) {}
          },
          clock);
  private final PolicyGuardrails rails = new PolicyGuardrails();

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void aPlanWaitingForApprovalIsKeptAndAnnouncedOnce() {
    BucketPolicy policy = policy(Map.of());
    step.apply(policy, governed(policy), ledger(), rails, SWEPT); // takes the settings
    planWrite("ledger");

    GuardrailsStep.Result first = step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);

    assertThat(first.status().plan().writes()).isEqualTo(1);
    assertThat(first.status().configMaps()).containsExactly("manual-plan");
    assertThat(events.reasons()).containsExactly(EventReason.PlanReady);
    assertThat(events.all().get(0).message()).contains(first.status().plan().hash());
    assertThat(plansKept).last().isEqualTo(first.status().plan());
  }

  @Test
  void aPlanWhoseSweepIsNotCompleteIsShownAsComputingNeitherAnnouncedNorApprovable() {
    BucketPolicy policy = policy(Map.of());
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    planWrite("ledger");
    String partialHash = rails.plan().hash();

    BucketPolicy approved = policy(Map.of(BucketPolicy.APPROVE_PLAN_ANNOTATION, partialHash));
    GuardrailsStep.Result computing =
        step.apply(approved, governed(approved), ledger(), rails, Optional.of(1));

    assertThat(computing.status().planComplete()).isFalse();
    assertThat(computing.status().bucketsToCheck()).contains(1);
    assertThat(events.reasons()).as("nothing announced, nothing approved").isEmpty();
    assertThat(plansKept).as("no ConfigMap for a part of a plan").allMatch(Plan::isEmpty);
    assertThat(queued).isEmpty();

    planWrite("archive");
    GuardrailsStep.Result complete = step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    assertThat(complete.status().planComplete()).isTrue();
    assertThat(complete.status().plan().hash()).isNotEqualTo(partialHash);
    assertThat(complete.status().plan().writes()).isEqualTo(2);
    assertThat(events.reasons()).containsExactly(EventReason.PlanReady);
  }

  @Test
  void anApprovalOfExactlyThePlanQueuesItsBucketsAndAnyOtherIsRejectedOnce() {
    BucketPolicy policy = policy(Map.of());
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    planWrite("ledger");
    planWrite("archive");
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    String hash = rails.plan().hash();

    BucketPolicy wrong = policy(Map.of(BucketPolicy.APPROVE_PLAN_ANNOTATION, "not-the-plan"));
    step.apply(wrong, governed(wrong), ledger(), rails, SWEPT);
    step.apply(wrong, governed(wrong), ledger(), rails, SWEPT);
    assertThat(events.reasons())
        .containsExactly(EventReason.PlanReady, EventReason.PlanApprovalRejected);
    assertThat(queued).isEmpty();

    BucketPolicy approved = policy(Map.of(BucketPolicy.APPROVE_PLAN_ANNOTATION, hash));
    step.apply(approved, governed(approved), ledger(), rails, SWEPT);
    step.apply(approved, governed(approved), ledger(), rails, SWEPT);

    assertThat(events.reasons())
        .containsExactly(
            EventReason.PlanReady, EventReason.PlanApprovalRejected, EventReason.PlanApproved);
    await().until(() -> queued.size() == 2);
    assertThat(queued).containsExactlyInAnyOrder("ledger", "archive");
    assertThat(triggers).containsOnly(Trigger.CHECK_NOW);
    assertThat(rails.decide("ledger", VERSIONING, writes("ledger"), clock.instant()))
        .as("the approved write may be made once")
        .isEqualTo(WriteGate.Decision.ALLOW);
  }

  @Test
  void aPauseIsAnnouncedOnceAndLiftedOnceByANewResumeValue() {
    BucketPolicy policy = automatic(Map.of());
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    rails.failedCorrections(11, clock.instant()); // more than maxWriteFailuresPerCheck (10)

    GuardrailsStep.Result paused = step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    step.apply(policy, governed(policy), ledger(), rails, SWEPT);
    assertThat(paused.status().pause()).isPresent();
    assertThat(paused.sweepNow()).isFalse();
    assertThat(events.reasons()).containsExactly(EventReason.EnforcementPaused);

    BucketPolicy resumed = automatic(Map.of(BucketPolicy.RESUME_ANNOTATION, "1"));
    GuardrailsStep.Result first = step.apply(resumed, governed(resumed), ledger(), rails, SWEPT);
    GuardrailsStep.Result again = step.apply(resumed, governed(resumed), ledger(), rails, SWEPT);

    assertThat(first.sweepNow()).as("resumed: sweep at once").isTrue();
    assertThat(first.status().pause()).isEmpty();
    assertThat(again.sweepNow()).as("the same value resumes nothing again").isFalse();
    assertThat(events.reasons())
        .containsExactly(EventReason.EnforcementPaused, EventReason.EnforcementResumed);
  }

  private void planWrite(String bucket) {
    assertThat(rails.decide(bucket, VERSIONING, writes(bucket), clock.instant()))
        .isEqualTo(WriteGate.Decision.AWAITING_APPROVAL);
    rails.settled(bucket, Map.of(VERSIONING, true));
  }

  private static List<String> writes(String bucket) {
    return List.of("PutBucketVersioning: status=Enabled on " + bucket);
  }

  private PolicyLedger ledger() {
    return new PolicyLedger(new PolicyRef("BucketPolicy", "team", "manual", "uid"), Map.of());
  }

  private GovernedBuckets governed(BucketPolicy policy) {
    return new GovernedBuckets(
        new PolicyRef("BucketPolicy", "team", policy.getMetadata().getName(), "uid"),
        policy,
        AwsTarget.of("eu-west-1"),
        policy.getSpec().buckets(),
        List.of(),
        Duration.ofMinutes(10),
        ExemptionRules.none(clock));
  }

  private static BucketPolicy policy(Map<String, String> annotations) {
    return parse("manual", annotations, "approval: Manual");
  }

  private static BucketPolicy automatic(Map<String, String> annotations) {
    return parse("automatic", annotations, "maxWriteFailuresPerCheck: 10");
  }

  private static BucketPolicy parse(String name, Map<String, String> annotations, String rails) {
    List<String> lines =
        new ArrayList<>(List.of("  annotations:" + (annotations.isEmpty() ? " {}" : "")));
    annotations.forEach((k, v) -> lines.add("    " + k + ": \"" + v + "\""));
    String yaml =
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata:
          name: %s
          namespace: team
          uid: uid
          generation: 1
        %s
        spec:
          buckets: {names: [ledger, archive]}
          aws: {region: eu-west-1}
          enforcement:
            %s
          controls:
            versioning: {}
        """
            .formatted(name, String.join("\n", lines), rails);
    return Serialization.unmarshal(yaml, BucketPolicy.class);
  }
}
