package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Persistent failures cost one log line per policy per sweep, not one per failed call. */
class SweepLogTest {

  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Logger logger = (Logger) LoggerFactory.getLogger(SweepLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level before;

  @BeforeEach
  void capture() {
    before = logger.getLevel();
    logger.setLevel(Level.INFO);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(before);
  }

  @Test
  void aSweepWithFailuresIsOneWarningWithCountsByReason() {
    PolicyLedger ledger = sweep(100, i -> i < 30 ? FailureKind.ACCESS_DENIED : null);
    PolicyLedger other = sweep(100, i -> i < 10 ? FailureKind.NO_SUCH_BUCKET : null);

    SweepLog.completed(policy(), ledger);
    SweepLog.completed(policy(), other);

    assertThat(lines.list).hasSize(2).allMatch(line -> line.getLevel() == Level.WARN);
    assertThat(lines.list.get(0).getFormattedMessage())
        .contains("check of 100 bucket(s) done: 70 compliant")
        .contains("30 failed")
        .contains("AccessDenied=30");
    assertThat(lines.list.get(1).getFormattedMessage()).contains("NoSuchBucket=10");
    assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry("policy", "p");
  }

  @Test
  void aSweepWithoutFailuresSaysNothingAtInfo() {
    SweepLog.completed(policy(), sweep(100, i -> null));

    assertThat(lines.list).isEmpty();
  }

  private static PolicyLedger sweep(int buckets, IntFunction<FailureKind> failure) {
    PolicyLedger ledger = new PolicyLedger(policy().ref(), Map.of());
    List<String> names = IntStream.range(0, buckets).mapToObj(i -> "b-" + i).toList();
    ledger.startSweep(names, Set.of(VERSIONING), T0);
    for (int i = 0; i < buckets; i++) {
      FailureKind kind = failure.apply(i);
      ControlOutcome outcome =
          kind == null
              ? ControlOutcome.compliant(VERSIONING)
              : new ControlOutcome(
                  VERSIONING,
                  OutcomeState.FAILED,
                  Drift.NONE,
                  OutcomeReason.AwsCallFailed,
                  Optional.of(kind),
                  "could not read: GetBucketVersioning failed",
                  false);
      ledger.record(names.get(i), List.of(outcome), Trigger.SWEEP, T0);
    }
    return ledger;
  }

  private static GovernedBuckets policy() {
    BucketPolicy resource = new BucketPolicy();
    resource.setMetadata(
        new ObjectMetaBuilder().withName("p").withNamespace("team").withUid("uid-p").build());
    return new GovernedBuckets(
        new PolicyRef("BucketPolicy", "team", "p", "uid-p"),
        resource,
        AwsTarget.of("eu-west-1"),
        new BucketTargets(List.of("b-0"), null),
        List.of(),
        Duration.ofMinutes(10),
        ExemptionRules.none(Clock.systemUTC()));
  }
}
