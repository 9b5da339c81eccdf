package io.s3posture.control;

import io.s3posture.api.v1alpha1.DetectionCheckSpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.aws.ConfigRecorder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An AWS Config recorder of the region is recording, and records S3 buckets. */
public final class ConfigRecorderControl extends DetectionControl<Boolean, List<ConfigRecorder>> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "configRecorder",
              "PutConfigurationRecorder",
              "StopConfigurationRecorder",
              "DeleteConfigurationRecorder")
          .audited(
              CheckInfo.of(
                      "configRecorder",
                      Severity.MEDIUM,
                      "AWS Config records S3 buckets",
                      "AWS Config keeps the history of every bucket's configuration: what changed,"
                          + " when, and what it was before.")
                  .mappedTo(FrameworkMapping.cis("3.3"), FrameworkMapping.securityHub("Config.1"))
                  .detects(
                      AttackTechnique.DISABLE_OR_MODIFY_CLOUD_LOGS,
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  protected Optional<Boolean> required(DetectionSpec detection) {
    return Optional.ofNullable(detection.configRecorder()).map((DetectionCheckSpec s) -> true);
  }

  @Override
  public List<ConfigRecorder> observe(AccountSubject subject) {
    return subject.detection().configRecorders();
  }

  @Override
  public Drift diff(Boolean desired, List<ConfigRecorder> recorders) {
    if (recorders.stream().anyMatch(ConfigRecorder::recordsS3Buckets)) {
      return Drift.NONE;
    }
    return missing(
        "configurationRecorder",
        "a recorder that is recording " + ConfigRecorder.S3_BUCKET,
        recorders.isEmpty()
            ? "no configuration recorder"
            : recorders.stream()
                .map(
                    r ->
                        r.name()
                            + (r.recording() ? "" : " not recording")
                            + (r.records(ConfigRecorder.S3_BUCKET)
                                ? ""
                                : (r.recording() ? "" : ",") + " not recording S3 buckets"))
                .collect(Collectors.joining("; ")));
  }
}
