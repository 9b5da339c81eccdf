package io.s3posture.reports;

import com.fasterxml.jackson.annotation.JsonValue;
import io.s3posture.control.OutcomeState;
import java.util.Locale;

/**
 * A Report result's outcome, as openreports.io/v1alpha1 spells it ({@code result}: pass, fail,
 * warn, error, skip), ordered from the one a reader must see first.
 */
public enum ResultStatus {
  /** The control could not be checked or corrected (AWS call failed, write refused, ...). */
  ERROR,
  /** The bucket does not meet the control: drifted (Audit), needs a person, or in conflict. */
  FAIL,
  /** Not used: every control of a policy is scored. */
  WARN,
  /** An active exemption covers the drift. */
  SKIP,
  /** Compliant, possibly after a correction. */
  PASS;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How a control's state at its last check reads in a Report. */
  public static ResultStatus of(OutcomeState state) {
    return switch (state) {
      case COMPLIANT, CORRECTED -> PASS;
      case DRIFTED, NEEDS_HUMAN, CONFLICT -> FAIL;
      case FAILED -> ERROR;
      case EXEMPT -> SKIP;
    };
  }
}
