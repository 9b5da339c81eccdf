package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.aws.S3Gateway;
import io.s3posture.aws.VersioningState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Versioning Enabled, and MFA delete when required. MFA delete is never remediated: changing it
 * needs the bucket owner's root user with a live MFA code, so its drift needs a person.
 */
public final class VersioningControl
    implements Control<VersioningControl.Requirement, VersioningState> {

  /** Versioning must be Enabled; {@code mfaDelete}: MFA delete must be on too. */
  public record Requirement(boolean mfaDelete) {}

  @Override
  public ControlName name() {
    return ControlName.VERSIONING;
  }

  @Override
  public Optional<Requirement> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.versioning())
        .map(v -> new Requirement(v.mfaDelete() == VersioningSpec.MfaDelete.Required));
  }

  @Override
  public VersioningState observe(S3Gateway gateway, String bucket) {
    return gateway.versioning(bucket);
  }

  @Override
  public Drift diff(Requirement required, VersioningState observed) {
    List<FieldDrift> fields = new ArrayList<>();
    if (observed.status() != VersioningState.Status.ENABLED) {
      fields.add(FieldDrift.put("status", "Enabled", label(observed.status())));
    }
    if (required.mfaDelete() && !observed.mfaDelete()) {
      fields.add(FieldDrift.notRemediable("mfaDelete", "Enabled", "Disabled"));
    }
    return new Drift(fields);
  }

  private static String label(VersioningState.Status status) {
    return switch (status) {
      case ENABLED -> "Enabled";
      case SUSPENDED -> "Suspended";
      case NEVER_ENABLED -> "NeverEnabled";
    };
  }

  @Override
  public void remediate(
      S3Gateway gateway, String bucket, Requirement required, VersioningState observed) {
    if (observed.status() != VersioningState.Status.ENABLED) {
      gateway.enableVersioning(bucket);
    }
  }
}
