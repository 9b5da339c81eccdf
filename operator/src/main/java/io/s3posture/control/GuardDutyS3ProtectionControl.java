package io.s3posture.control;

import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.aws.GuardDutyDetector;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The region's GuardDuty detector is enabled with S3 Protection. */
public final class GuardDutyS3ProtectionControl
    extends DetectionControl<Boolean, List<GuardDutyDetector>> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "guardDutyS3Protection",
              "CreateDetector",
              "UpdateDetector",
              "DeleteDetector",
              "UpdateMalwareScanSettings")
          .audited(
              CheckInfo.of(
                      "guardDutyS3Protection",
                      Severity.HIGH,
                      "GuardDuty S3 Protection on",
                      "GuardDuty watches S3 data events for exfiltration, destruction and access"
                          + " from known-bad addresses, and raises findings.")
                  .mappedTo(
                      FrameworkMapping.securityHub("GuardDuty.1"),
                      FrameworkMapping.securityHub("GuardDuty.10"))
                  .detects(
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE,
                      AttackTechnique.DATA_DESTRUCTION,
                      AttackTechnique.CLOUD_ACCOUNTS,
                      AttackTechnique.DISABLE_OR_MODIFY_CLOUD_LOGS));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  protected Optional<Boolean> required(DetectionSpec detection) {
    return Optional.ofNullable(detection.guardDutyS3Protection()).map(s -> true);
  }

  @Override
  public List<GuardDutyDetector> observe(AccountSubject subject) {
    return subject.detection().guardDutyDetectors();
  }

  @Override
  public Drift diff(Boolean desired, List<GuardDutyDetector> detectors) {
    if (detectors.stream().anyMatch(GuardDutyDetector::protectsS3)) {
      return Drift.NONE;
    }
    return missing(
        "detector",
        "an enabled detector with S3 Protection",
        detectors.isEmpty()
            ? "no GuardDuty detector"
            : detectors.stream()
                .map(
                    d ->
                        "detector "
                            + d.id()
                            + (d.enabled() ? "" : " disabled")
                            + (d.s3Protection()
                                ? ""
                                : (d.enabled() ? "" : ",") + " S3 Protection off"))
                .collect(Collectors.joining("; ")));
  }
}
