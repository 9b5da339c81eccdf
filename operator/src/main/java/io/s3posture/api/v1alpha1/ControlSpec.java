package io.s3posture.api.v1alpha1;

/** What every control's settings have in common: an optional mode that overrides spec.mode. */
public interface ControlSpec {

  String MODE_DESCRIPTION =
      "Overrides spec.mode for this control only: Audit reports drift without correcting it.";

  Mode mode();
}
