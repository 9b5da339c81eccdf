package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.LoggingTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Server access logging to a given target bucket and prefix; the prefix may name each bucket
 * ({@code {bucket}}), so one policy gives every bucket its own prefix. The target is not modified.
 */
public final class AccessLoggingControl
    implements BucketControl<AccessLoggingControl.Requirement, AccessLoggingControl.Observed> {

  /** Stands for the name of the bucket whose logs they are, in a target prefix. */
  public static final String BUCKET_PLACEHOLDER = "{bucket}";

  public static final ControlInfo INFO =
      ControlInfo.of("accessLogging", "PutBucketLogging")
          .audited(
              CheckInfo.of(
                      "accessLogging",
                      Severity.MEDIUM,
                      "Server access logging enabled",
                      "Access logs record who did what to the bucket, for investigations.")
                  .mappedTo(FrameworkMapping.securityHub("S3.9"))
                  .mitigates(AttackTechnique.DISABLE_OR_MODIFY_CLOUD_LOGS)
                  .detects(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  /**
   * Logs to {@code targetBucket} under {@code prefix}, where {@link #BUCKET_PLACEHOLDER} stands for
   * the logging bucket's name.
   */
  public record Requirement(String targetBucket, String prefix) {

    public Requirement {
      Objects.requireNonNull(targetBucket, "targetBucket");
      Objects.requireNonNull(prefix, "prefix");
    }

    /** The target of {@code bucket}'s logs. */
    public LoggingTarget targetFor(String bucket) {
      return new LoggingTarget(targetBucket, prefix.replace(BUCKET_PLACEHOLDER, bucket));
    }
  }

  /** The logging bucket and where its logs go, if anywhere. */
  public record Observed(String bucket, Optional<LoggingTarget> target) {

    public Observed {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(target, "target");
    }
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Requirement>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.accessLogging())
        .map(
            spec ->
                Declared.of(
                    new Requirement(
                        spec.targetBucket(),
                        spec.targetPrefix() != null ? spec.targetPrefix() : ""),
                    spec.mode()));
  }

  @Override
  public Observed observe(BucketSubject subject) {
    return new Observed(subject.bucket(), subject.s3().logging(subject.bucket()));
  }

  @Override
  public Drift diff(Requirement required, Observed observed) {
    LoggingTarget wanted = required.targetFor(observed.bucket());
    if (observed.target().equals(Optional.of(wanted))) {
      return Drift.NONE;
    }
    return Drift.of(
        FieldDrift.put(
            "target",
            describe(wanted),
            observed.target().map(AccessLoggingControl::describe).orElse("disabled")));
  }

  private static String describe(LoggingTarget target) {
    return target.bucket() + "/" + target.prefix();
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Requirement required, Observed observed) {
    LoggingTarget wanted = required.targetFor(subject.bucket());
    return List.of(
        Write.of(
            "PutBucketLogging",
            "server access logs to " + describe(wanted),
            s -> s.s3().putLogging(s.bucket(), wanted)));
  }
}
