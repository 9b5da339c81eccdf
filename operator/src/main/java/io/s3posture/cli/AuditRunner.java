package io.s3posture.cli;

import io.s3posture.aws.AwsFailure;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.TargetCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Checks the buckets in parallel on a bounded pool with the operator's engine, each bucket in its
 * own region, and the account once. One bucket's failure is that bucket's result; it never stops
 * the others.
 */
public final class AuditRunner {

  private final AuditConnection connection;
  private final TargetCheck engine;
  private final int concurrency;
  private final Progress progress;

  public AuditRunner(
      AuditConnection connection, TargetCheck engine, int concurrency, Progress progress) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.concurrency = concurrency;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  public AuditReport run(Posture posture, List<AuditTarget> targets) {
    Optional<AccountReport> account = checkAccount(posture);
    Map<ControlName, List<AuditCheck>> checks = posture.bucketChecks();
    ExecutorService pool =
        Executors.newFixedThreadPool(concurrency, DaemonThreadFactory.numbered("audit"));
    progress.started(targets.size());
    try {
      List<CompletableFuture<BucketReport>> reports = new ArrayList<>();
      for (AuditTarget target : targets) {
        reports.add(
            CompletableFuture.supplyAsync(
                () -> {
                  BucketReport report = checkBucket(posture, checks, target);
                  progress.bucketChecked();
                  return report;
                },
                pool));
      }
      return new AuditReport(
          posture.name(),
          posture.checks(),
          account,
          reports.stream().map(CompletableFuture::join).toList());
    } finally {
      pool.shutdownNow();
      progress.finished();
    }
  }

  private BucketReport checkBucket(
      Posture posture, Map<ControlName, List<AuditCheck>> checks, AuditTarget target) {
    String bucket = target.bucket();
    String region;
    try {
      region =
          target
              .region()
              .orElseGet(
                  () -> connection.bucketGateway(connection.defaultRegion()).bucketRegion(bucket));
    } catch (AwsFailure failure) {
      return unchecked(
          target,
          checks,
          CheckReason.failed(failure.kind()),
          "could not locate the bucket: " + failure.getMessage());
    }
    try {
      Map<ControlName, Object> observed = new ConcurrentHashMap<>();
      List<ManagedControl<BucketSubject, ?, ?>> controls =
          posture.controls().stream()
              .<ManagedControl<BucketSubject, ?, ?>>map(
                  c -> ObservingControl.recording(c, observed))
              .toList();
      List<ControlOutcome> outcomes =
          engine.runAlone(
              // the caller's principal: whose account is the owner's where none is given
              BucketSubject.of(
                  connection.bucketGateway(region), bucket, connection::operatorPrincipal),
              controls);
      List<CheckResult> results = new ArrayList<>();
      for (ControlOutcome outcome : outcomes) {
        for (AuditCheck check : checks.get(outcome.control())) {
          results.add(
              withDetail(
                  check.judge(outcome, connection.onAws()), observed.get(outcome.control())));
        }
      }
      return new BucketReport(bucket, Optional.of(region), results);
    } catch (RuntimeException unexpected) {
      return unchecked(
          target, checks, CheckReason.INTERNAL_ERROR, "could not check: " + unexpected);
    }
  }

  /** A pass that says what it found, where the check has something to say (e.g. the KMS key). */
  private static CheckResult withDetail(CheckResult judged, Object observed) {
    if (judged.status() != CheckStatus.PASS || observed == null) {
      return judged;
    }
    return judged
        .check()
        .passDetail(observed)
        .map(detail -> CheckResult.pass(judged.check(), detail))
        .orElse(judged);
  }

  private static BucketReport unchecked(
      AuditTarget target,
      Map<ControlName, List<AuditCheck>> checks,
      CheckReason reason,
      String message) {
    return new BucketReport(
        target.bucket(),
        target.region(),
        checks.values().stream()
            .flatMap(List::stream)
            .map(check -> CheckResult.error(check, reason, message))
            .toList());
  }

  private Optional<AccountReport> checkAccount(Posture posture) {
    if (posture.accountControls().isEmpty()) {
      return Optional.empty();
    }
    Map<ControlName, List<AuditCheck>> checks = posture.accountChecks();
    String accountId;
    try {
      accountId = connection.accountId();
    } catch (AwsFailure failure) {
      return Optional.of(
          new AccountReport(
              Optional.empty(),
              checks.values().stream()
                  .flatMap(List::stream)
                  .map(
                      check ->
                          CheckResult.error(
                              check,
                              CheckReason.failed(failure.kind()),
                              "could not find out the account id: " + failure.getMessage()))
                  .toList()));
    }
    Map<ControlName, ControlOutcome> outcomes = new HashMap<>();
    engine
        .runAlone(
            AccountSubject.of(
                connection.accountGateway(), connection.detectionGateway(), accountId),
            posture.accountControls())
        .forEach(outcome -> outcomes.put(outcome.control(), outcome));
    List<CheckResult> results = new ArrayList<>();
    checks.forEach(
        (control, controlChecks) ->
            controlChecks.forEach(
                check -> results.add(check.judge(outcomes.get(control), connection.onAws()))));
    return Optional.of(new AccountReport(Optional.of(accountId), results));
  }
}
