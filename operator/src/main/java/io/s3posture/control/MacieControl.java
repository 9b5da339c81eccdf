package io.s3posture.control;

import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.aws.MacieStatus;
import java.util.Optional;

/** Amazon Macie is enabled (not paused) in the region. */
public final class MacieControl extends DetectionControl<Boolean, MacieStatus> {

  public static final ControlInfo INFO =
      ControlInfo.of("macie", "EnableMacie", "UpdateMacieSession", "DisableMacie")
          .audited(
              CheckInfo.of(
                      "macie",
                      Severity.MEDIUM,
                      "Amazon Macie enabled",
                      "Macie keeps an inventory of the buckets, flags public and shared ones, and"
                          + " discovers sensitive data in them.")
                  .mappedTo(FrameworkMapping.cis("2.1.3"), FrameworkMapping.securityHub("Macie.1"))
                  .detects(
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE,
                      AttackTechnique.TRANSFER_DATA_TO_CLOUD_ACCOUNT));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  protected Optional<Boolean> required(DetectionSpec detection) {
    return Optional.ofNullable(detection.macie()).map(s -> true);
  }

  @Override
  public MacieStatus observe(AccountSubject subject) {
    return subject.detection().macie();
  }

  @Override
  public Drift diff(Boolean desired, MacieStatus status) {
    return switch (status) {
      case ENABLED -> Drift.NONE;
      case PAUSED -> missing("status", "ENABLED", "PAUSED");
      case NOT_ENABLED -> missing("status", "ENABLED", "not enabled");
    };
  }
}
