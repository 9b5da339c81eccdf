package io.s3posture.cli;

import io.s3posture.aws.AwsFailure;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.TargetCheck;
import io.s3posture.control.WriteGate;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.Plan;
import io.s3posture.fleet.PolicyGuardrails;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Computes the plan of a policy on its buckets as the operator would under {@code approval:
 * Manual}: the same engine asks a gate that records every write and allows none, so the plan and
 * its hash are the operator's for the same buckets (when no other policy governs them). Nothing is
 * ever written.
 */
final class PlanPreview {

  /** A bucket whose plan is unknown: a control could not be read. */
  record Unread(String bucket, ControlName control, CheckReason reason, String message) {}

  record Result(Plan plan, List<Unread> unread) {}

  private static final PolicyRef POLICY = new PolicyRef("BucketPolicy", "", "plan", "plan");

  private final AuditConnection connection;
  private final TargetCheck engine;
  private final int concurrency;

  PlanPreview(AuditConnection connection, TargetCheck engine, int concurrency) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.concurrency = concurrency;
  }

  Result plan(
      List<ManagedControl<BucketSubject, ?, ?>> controls,
      ExemptionRules exemptions,
      List<AuditTarget> targets) {
    PolicyGuardrails recorder = new PolicyGuardrails();
    recorder.update(new PolicyGuardrails.Settings(Integer.MAX_VALUE, Integer.MAX_VALUE, true), 1);
    WriteGate gate =
        (policy, subject, control, writes) ->
            recorder.decide(subject, control, writes, Clock.systemUTC().instant());
    ExecutorService pool =
        Executors.newFixedThreadPool(concurrency, DaemonThreadFactory.named("plan"));
    try {
      List<CompletableFuture<List<Unread>>> checks = new ArrayList<>();
      for (AuditTarget target : targets) {
        checks.add(
            CompletableFuture.supplyAsync(
                () -> planBucket(target, controls, exemptions, gate, recorder), pool));
      }
      List<Unread> unread = new ArrayList<>();
      checks.forEach(check -> unread.addAll(check.join()));
      return new Result(recorder.plan(), List.copyOf(unread));
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Unread> planBucket(
      AuditTarget target,
      List<ManagedControl<BucketSubject, ?, ?>> controls,
      ExemptionRules exemptions,
      WriteGate gate,
      PolicyGuardrails recorder) {
    String bucket = target.bucket();
    String region;
    try {
      region =
          target
              .region()
              .orElseGet(
                  () -> connection.bucketGateway(connection.defaultRegion()).bucketRegion(bucket));
    } catch (AwsFailure failure) {
      return List.of(
          new Unread(
              bucket, null, CheckReason.failed(failure.kind()), "could not locate the bucket"));
    }
    List<ControlOutcome> outcomes =
        engine
            .run(
                BucketSubject.of(
                    connection.bucketGateway(region), bucket, connection::operatorPrincipal),
                List.of(new TargetCheck.PolicyControls<>(POLICY, controls, exemptions)),
                name -> true,
                gate)
            .get(POLICY);
    Map<ControlName, Boolean> awaiting = new LinkedHashMap<>();
    List<Unread> unread = new ArrayList<>();
    for (ControlOutcome outcome : outcomes) {
      awaiting.put(outcome.control(), outcome.reason() == OutcomeReason.AwaitingApproval);
      if (outcome.state() == OutcomeState.FAILED) {
        unread.add(
            new Unread(bucket, outcome.control(), CheckReason.of(outcome), outcome.message()));
      }
    }
    recorder.settled(bucket, awaiting);
    return unread;
  }
}
