package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.S3Gateway;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The drift engine for one bucket: runs the managed controls in remediation order, each isolated
 * (one failing control does not stop the others), and in Audit mode never writes. Per control: one
 * read; when drifted and allowed, one correction and a read-back until it shows.
 */
public final class BucketCheck {

  private static final Logger LOG = LoggerFactory.getLogger(BucketCheck.class);

  private final ReadBackVerifier verifier;

  public BucketCheck(ReadBackVerifier verifier) {
    this.verifier = verifier;
  }

  public BucketResult run(
      S3Gateway gateway, String bucket, List<ManagedControl<?, ?>> controls, ConflictGuard guard) {
    Map<ControlName, ControlOutcome> outcomes = new EnumMap<>(ControlName.class);
    Optional<AwsFailure> bucketGone = Optional.empty();
    MDC.put("bucket", bucket);
    try {
      List<ManagedControl<?, ?>> ordered =
          controls.stream().sorted(java.util.Comparator.comparing(ManagedControl::name)).toList();
      for (ManagedControl<?, ?> managed : ordered) {
        MDC.put("control", managed.name().specName());
        ControlOutcome outcome =
            bucketGone.isPresent()
                ? failed(managed.name(), Drift.NONE, bucketGone.get(), "not checked")
                : isolated(gateway, bucket, managed, guard, outcomes);
        outcomes.put(managed.name(), outcome);
        if (bucketGone.isEmpty() && "NoSuchBucket".equals(outcome.reason())) {
          bucketGone = Optional.of(noSuchBucket(bucket));
        }
      }
    } finally {
      MDC.remove("control");
      MDC.remove("bucket");
    }
    return new BucketResult(bucket, new ArrayList<>(outcomes.values()));
  }

  /** A bug in one control must not stop the others: it becomes that control's failure. */
  private ControlOutcome isolated(
      S3Gateway gateway,
      String bucket,
      ManagedControl<?, ?> managed,
      ConflictGuard guard,
      Map<ControlName, ControlOutcome> earlier) {
    try {
      return runOne(gateway, bucket, managed, guard, earlier);
    } catch (RuntimeException e) {
      LOG.error("unexpected error in {}", managed.name(), e);
      return new ControlOutcome(
          managed.name(),
          OutcomeState.FAILED,
          Drift.NONE,
          "InternalError",
          "unexpected error: " + e,
          false);
    }
  }

  private <D, O> ControlOutcome runOne(
      S3Gateway gateway,
      String bucket,
      ManagedControl<D, O> managed,
      ConflictGuard guard,
      Map<ControlName, ControlOutcome> earlier) {
    Control<D, O> control = managed.control();
    O observed;
    try {
      observed = control.observe(gateway, bucket);
    } catch (AwsFailure failure) {
      LOG.warn("could not read {}: {}", control.name(), failure.getMessage());
      return failed(control.name(), Drift.NONE, failure, "could not read");
    }
    Drift drift = control.diff(managed.desired(), observed);
    Optional<String> rival = guard.conflictingPolicy(bucket, managed);
    if (rival.isPresent()) {
      return new ControlOutcome(
          control.name(),
          OutcomeState.CONFLICT,
          drift,
          "Conflict",
          "policy "
              + rival.get()
              + " requires an incompatible "
              + control.name()
              + "; neither writes it",
          false);
    }
    if (drift.isNone()) {
      return ControlOutcome.compliant(control.name());
    }
    if (managed.mode() == Mode.Audit) {
      return new ControlOutcome(
          control.name(),
          OutcomeState.DRIFTED,
          drift,
          "AuditMode",
          "reported only (Audit mode)",
          false);
    }
    if (!drift.hasRemediable()) {
      return needsHuman(control.name(), drift);
    }
    Optional<ControlName> unmet =
        control.dependsOn().stream()
            .filter(dependency -> earlier.containsKey(dependency))
            .filter(dependency -> !inPlace(earlier.get(dependency)))
            .findFirst();
    if (unmet.isPresent()) {
      return new ControlOutcome(
          control.name(),
          OutcomeState.FAILED,
          drift,
          "DependencyNotMet",
          "not corrected: " + unmet.get() + " must be compliant first",
          earlier.get(unmet.get()).retrySoon());
    }
    return correct(gateway, bucket, managed, observed, drift);
  }

  private <D, O> ControlOutcome correct(
      S3Gateway gateway, String bucket, ManagedControl<D, O> managed, O observed, Drift drift) {
    Control<D, O> control = managed.control();
    try {
      control.remediate(gateway, bucket, managed.desired(), observed);
      Drift remaining = verifier.verify(control, gateway, bucket, managed.desired());
      if (remaining.hasRemediable()) {
        return new ControlOutcome(
            control.name(),
            OutcomeState.FAILED,
            drift,
            "VerificationFailed",
            "corrected, but a read-back still shows " + remaining.observed(),
            true);
      }
      Drift corrected = drift.remediable();
      LOG.info(
          "corrected {}: {} (was {})", control.name(), corrected.expected(), corrected.observed());
      return remaining.hasNotRemediable()
          ? needsHuman(control.name(), drift)
          : new ControlOutcome(
              control.name(), OutcomeState.CORRECTED, drift, "DriftCorrected", "corrected", false);
    } catch (AwsFailure failure) {
      LOG.warn("could not correct {}: {}", control.name(), failure.getMessage());
      return failed(control.name(), drift, failure, "correction failed");
    }
  }

  /**
   * Whether a dependency leaves nothing the operator could correct: compliant, corrected, or only
   * drift a person must fix (versioning Enabled without a required MFA delete is enough for object
   * lock and replication).
   */
  private static boolean inPlace(ControlOutcome dependency) {
    return dependency.state().isCompliant() || dependency.state() == OutcomeState.NEEDS_HUMAN;
  }

  private static ControlOutcome needsHuman(ControlName control, Drift drift) {
    return new ControlOutcome(
        control,
        OutcomeState.NEEDS_HUMAN,
        drift,
        "NeedsHuman",
        "cannot be corrected by the operator: " + drift.notRemediable().expected(),
        false);
  }

  private static ControlOutcome failed(
      ControlName control, Drift drift, AwsFailure failure, String what) {
    return new ControlOutcome(
        control,
        OutcomeState.FAILED,
        drift,
        failure.kind().reason(),
        what + ": " + failure.getMessage(),
        failure.isTransient());
  }

  private static AwsFailure noSuchBucket(String bucket) {
    return new AwsFailure(
        FailureKind.NO_SUCH_BUCKET,
        "-",
        "NoSuchBucket",
        "bucket " + bucket + " does not exist",
        null);
  }
}
