package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.aws.LoggingTarget;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessLoggingControlTest {

  private static final String BUCKET = "b";
  private static final AccessLoggingControl.Requirement REQUIRED =
      new AccessLoggingControl.Requirement("logs", "access/b/");
  private static final LoggingTarget TARGET = new LoggingTarget("logs", "access/b/");
  private static final AccessLoggingControl.Requirement PER_BUCKET =
      new AccessLoggingControl.Requirement("logs", "access/{bucket}/");

  private final AccessLoggingControl control = new AccessLoggingControl();

  @Test
  void desiredDefaultsThePrefixToEmpty() {
    assertThat(
            control.desired(
                controls().accessLogging(new AccessLoggingSpec("logs", null, null)).build()))
        .contains(new AccessLoggingControl.Requirement("logs", ""));
    assertThat(
            control.desired(
                controls().accessLogging(new AccessLoggingSpec("logs", "access/b/", null)).build()))
        .contains(REQUIRED);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("same target", REQUIRED, TARGET, List.of(), ""),
        Arguments.of("disabled", REQUIRED, null, List.of("target:PUT"), "target=disabled"),
        Arguments.of(
            "other prefix",
            REQUIRED,
            new LoggingTarget("logs", ""),
            List.of("target:PUT"),
            "target=logs/"),
        Arguments.of(
            "other bucket",
            REQUIRED,
            new LoggingTarget("attacker-logs", "access/b/"),
            List.of("target:PUT"),
            "target=attacker-logs/access/b/"),
        Arguments.of("per-bucket prefix, this bucket's", PER_BUCKET, TARGET, List.of(), ""),
        Arguments.of(
            "per-bucket prefix, another bucket's",
            PER_BUCKET,
            new LoggingTarget("logs", "access/other/"),
            List.of("target:PUT"),
            "target=logs/access/other/"),
        Arguments.of(
            "per-bucket prefix, the placeholder itself",
            PER_BUCKET,
            new LoggingTarget("logs", "access/{bucket}/"),
            List.of("target:PUT"),
            "target=logs/access/{bucket}/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name,
      AccessLoggingControl.Requirement required,
      LoggingTarget observed,
      List<String> drift,
      String described) {
    Drift result =
        control.diff(
            required, new AccessLoggingControl.Observed(BUCKET, Optional.ofNullable(observed)));

    assertThat(DriftSummary.of(result)).isEqualTo(drift);
    assertThat(result.observed()).isEqualTo(described);
  }

  @Test
  void aPerBucketPrefixExpectsEachBucketsOwnName() {
    assertThat(
            control
                .diff(PER_BUCKET, new AccessLoggingControl.Observed("ledger", Optional.empty()))
                .expected())
        .isEqualTo("target=logs/access/ledger/");
    assertThat(new AccessLoggingControl.Requirement("logs", "{bucket}/{bucket}-").targetFor("x"))
        .isEqualTo(new LoggingTarget("logs", "x/x-"));
  }

  @Test
  void remediationWritesTheTargetAndDoesNotTouchTheTargetBucket() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET);
    s3.bucket("logs");

    Remediation.apply(
        control, s3, BUCKET, REQUIRED, new AccessLoggingControl.Observed(BUCKET, Optional.empty()));

    assertThat(s3.calls()).containsExactly("PutBucketLogging");
    assertThat(s3.bucket(BUCKET).logging.get()).contains(TARGET);
    assertThat(s3.bucket("logs").logging.get()).isEmpty();
  }

  @Test
  void remediationOfAPerBucketPrefixWritesTheBucketsOwnPrefix() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket("ledger");
    s3.bucket("invoices");

    for (String bucket : List.of("ledger", "invoices")) {
      Remediation.apply(control, s3, bucket, PER_BUCKET, Remediation.observe(control, s3, bucket));
    }

    assertThat(s3.bucket("ledger").logging.get())
        .contains(new LoggingTarget("logs", "access/ledger/"));
    assertThat(s3.bucket("invoices").logging.get())
        .contains(new LoggingTarget("logs", "access/invoices/"));
  }
}
