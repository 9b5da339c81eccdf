package io.s3posture.cli;

import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeReason;
import java.util.Objects;

/**
 * Why a check ended as it did, as the audit and plan commands say it: stable CamelCase words
 * (public in JSON and SARIF): {@code Compliant}, {@code Drifted}, {@code Suppressed}, {@code
 * Unverifiable}, or the operator's reason for a check that could not be made (a failure kind such
 * as {@code AccessDenied}, or {@code InternalError}). Made only from those, never from free text.
 */
public final class CheckReason {

  public static final CheckReason COMPLIANT = new CheckReason("Compliant");
  public static final CheckReason DRIFTED = new CheckReason("Drifted");
  public static final CheckReason SUPPRESSED = new CheckReason("Suppressed");

  /** It would fail, but the endpoint cannot show the setting the check needs. */
  public static final CheckReason UNVERIFIABLE = new CheckReason("Unverifiable");

  /** The check itself broke (a bug of the operator's): said, never counted as drift. */
  public static final CheckReason INTERNAL_ERROR =
      new CheckReason(OutcomeReason.InternalError.name());

  private final String label;

  private CheckReason(String label) {
    this.label = Objects.requireNonNull(label, "label");
  }

  /** A call that failed with {@code kind}. */
  public static CheckReason failed(FailureKind kind) {
    return new CheckReason(kind.reason());
  }

  /** The reason the engine gave an outcome (its failure kind for failed calls). */
  public static CheckReason of(ControlOutcome outcome) {
    return new CheckReason(outcome.reasonLabel());
  }

  /** Whether this is a failure of {@code kind}. */
  public boolean is(FailureKind kind) {
    return label.equals(kind.reason());
  }

  public String label() {
    return label;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CheckReason reason && reason.label.equals(label);
  }

  @Override
  public int hashCode() {
    return label.hashCode();
  }

  @Override
  public String toString() {
    return label;
  }
}
