package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.aws.VersioningState;
import io.s3posture.aws.VersioningState.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class VersioningControlTest {

  private static final String BUCKET = "b";
  private static final VersioningControl.Requirement ENABLED =
      new VersioningControl.Requirement(false);
  private static final VersioningControl.Requirement WITH_MFA =
      new VersioningControl.Requirement(true);

  private final VersioningControl control = new VersioningControl();

  @Test
  void desiredRequiresMfaDeleteOnlyWhenAskedFor() {
    assertThat(
            control.desired(controls().versioning(ControlsSpecBuilder.versioningEnabled()).build()))
        .contains(ENABLED);
    assertThat(
            control.desired(
                controls()
                    .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
                    .build()))
        .contains(WITH_MFA);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of(ENABLED, new VersioningState(Status.ENABLED, false), List.of()),
        Arguments.of(ENABLED, new VersioningState(Status.ENABLED, true), List.of()),
        Arguments.of(ENABLED, new VersioningState(Status.SUSPENDED, false), List.of("status:PUT")),
        Arguments.of(ENABLED, VersioningState.NEVER, List.of("status:PUT")),
        Arguments.of(WITH_MFA, new VersioningState(Status.ENABLED, true), List.of()),
        Arguments.of(
            WITH_MFA,
            new VersioningState(Status.ENABLED, false),
            List.of("mfaDelete:NOT_REMEDIABLE")),
        Arguments.of(
            WITH_MFA,
            new VersioningState(Status.SUSPENDED, false),
            List.of("status:PUT", "mfaDelete:NOT_REMEDIABLE")),
        Arguments.of(
            WITH_MFA, VersioningState.NEVER, List.of("status:PUT", "mfaDelete:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("diffs")
  void diff(VersioningControl.Requirement required, VersioningState observed, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, observed))).isEqualTo(drift);
  }

  @Test
  void neverVersionedIsReportedAsSuch() {
    Drift drift = control.diff(ENABLED, VersioningState.NEVER);

    assertThat(drift.observed()).isEqualTo("status=NeverEnabled");
    assertThat(drift.expected()).isEqualTo("status=Enabled");
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.class,
      names = {"SUSPENDED", "NEVER_ENABLED"})
  void remediationEnablesVersioningAndTouchesNothingElse(Status status) {
    FakeS3Gateway s3 = new FakeS3Gateway();
    VersioningState observed = new VersioningState(status, false);
    s3.bucket(BUCKET).versioning(observed);

    Remediation.apply(control, s3, BUCKET, WITH_MFA, observed);

    assertThat(s3.calls()).containsExactly("PutBucketVersioning");
    assertThat(s3.bucket(BUCKET).versioning.get())
        .isEqualTo(new VersioningState(Status.ENABLED, false));
    assertThat(DriftSummary.of(control.diff(WITH_MFA, s3.bucket(BUCKET).versioning.get())))
        .containsExactly("mfaDelete:NOT_REMEDIABLE");
  }

  @Test
  void mfaDeleteAloneIsNeverWritten() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    VersioningState observed = new VersioningState(Status.ENABLED, false);
    s3.bucket(BUCKET).versioning(observed);

    Remediation.apply(control, s3, BUCKET, WITH_MFA, observed);

    assertThat(s3.writes()).isZero();
  }
}
