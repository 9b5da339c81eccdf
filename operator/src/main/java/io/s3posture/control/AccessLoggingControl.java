package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.LoggingTarget;
import java.util.List;
import java.util.Optional;

/** Server access logging to a given target bucket and prefix. The target is not modified. */
public final class AccessLoggingControl
    implements BucketControl<LoggingTarget, Optional<LoggingTarget>> {

  public static final ControlInfo INFO =
      ControlInfo.of("accessLogging", "PutBucketLogging")
          .audited(
              CheckInfo.of(
                      "accessLogging",
                      Severity.MEDIUM,
                      "Server access logging enabled",
                      "Access logs record who did what to the bucket, for investigations.")
                  .mappedTo(FrameworkMapping.securityHub("S3.9")));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<LoggingTarget>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.accessLogging())
        .map(
            spec ->
                Declared.of(
                    new LoggingTarget(
                        spec.targetBucket(),
                        spec.targetPrefix() != null ? spec.targetPrefix() : ""),
                    spec.mode()));
  }

  @Override
  public Optional<LoggingTarget> observe(BucketSubject subject) {
    return subject.s3().logging(subject.bucket());
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
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, LoggingTarget required, Optional<LoggingTarget> observed) {
    return List.of(
        Write.of(
            "PutBucketLogging",
            "server access logs to " + describe(required),
            s -> s.s3().putLogging(s.bucket(), required)));
  }
}
