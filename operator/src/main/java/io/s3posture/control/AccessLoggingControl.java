package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;

/** Server access logging to a given target bucket and prefix. The target is not modified. */
public final class AccessLoggingControl implements Control<LoggingTarget, Optional<LoggingTarget>> {

  @Override
  public ControlName name() {
    return ControlName.ACCESS_LOGGING;
  }

  @Override
  public Optional<LoggingTarget> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.accessLogging())
        .map(
            spec ->
                new LoggingTarget(
                    spec.targetBucket(), spec.targetPrefix() != null ? spec.targetPrefix() : ""));
  }

  @Override
  public Optional<LoggingTarget> observe(S3Gateway gateway, String bucket) {
    return gateway.logging(bucket);
  }

  @Override
  public Drift diff(LoggingTarget required, Optional<LoggingTarget> observed) {
    if (observed.equals(Optional.of(required))) {
      return Drift.NONE;
    }
    return Drift.of(
        FieldDrift.put(
            "target",
            describe(required),
            observed.map(AccessLoggingControl::describe).orElse("disabled")));
  }

  private static String describe(LoggingTarget target) {
    return target.bucket() + "/" + target.prefix();
  }

  @Override
  public void remediate(
      S3Gateway gateway, String bucket, LoggingTarget required, Optional<LoggingTarget> observed) {
    gateway.putLogging(bucket, required);
  }
}
