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
  private static final LoggingTarget TARGET = new LoggingTarget("logs", "access/b/");

  private final AccessLoggingControl control = new AccessLoggingControl();

  @Test
  void desiredDefaultsThePrefixToEmpty() {
    assertThat(
            control.desired(
                controls().accessLogging(new AccessLoggingSpec("logs", null, null)).build()))
        .contains(new LoggingTarget("logs", ""));
    assertThat(
            control.desired(
                controls().accessLogging(new AccessLoggingSpec("logs", "access/b/", null)).build()))
        .contains(TARGET);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("same target", TARGET, List.of(), ""),
        Arguments.of("disabled", null, List.of("target:PUT"), "target=disabled"),
        Arguments.of(
            "other prefix", new LoggingTarget("logs", ""), List.of("target:PUT"), "target=logs/"),
        Arguments.of(
            "other bucket",
            new LoggingTarget("attacker-logs", "access/b/"),
            List.of("target:PUT"),
            "target=attacker-logs/access/b/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, LoggingTarget observed, List<String> drift, String described) {
    Drift result = control.diff(TARGET, Optional.ofNullable(observed));

    assertThat(DriftSummary.of(result)).isEqualTo(drift);
    assertThat(result.observed()).isEqualTo(described);
  }

  @Test
  void remediationWritesTheTargetAndDoesNotTouchTheTargetBucket() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET);
    s3.bucket("logs");

    Remediation.apply(control, s3, BUCKET, TARGET, Optional.empty());

    assertThat(s3.calls()).containsExactly("PutBucketLogging");
    assertThat(s3.bucket(BUCKET).logging.get()).contains(TARGET);
    assertThat(s3.bucket("logs").logging.get()).isEmpty();
  }
}
