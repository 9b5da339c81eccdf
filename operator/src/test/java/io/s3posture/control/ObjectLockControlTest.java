package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec.RetentionMode;
import io.s3posture.aws.ObjectLockState;
import io.s3posture.aws.ObjectLockState.Retention;
import io.s3posture.aws.VersioningState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectLockControlTest {

  private static final String BUCKET = "b";
  private static final Retention GOVERNANCE_30_DAYS = Retention.of("GOVERNANCE", 30, null);
  private static final Retention COMPLIANCE_1_YEAR = Retention.of("COMPLIANCE", null, 1);

  private final ObjectLockControl control = new ObjectLockControl();

  private static ObjectLockControl.Requirement lockOnly() {
    return new ObjectLockControl.Requirement(Optional.empty());
  }

  private static ObjectLockControl.Requirement lockWith(Retention retention) {
    return new ObjectLockControl.Requirement(Optional.of(retention));
  }

  private static ObjectLockState enabled(Retention retention) {
    return new ObjectLockState(true, Optional.ofNullable(retention));
  }

  @Test
  void desiredMapsTheRetentionModeToAwsNames() {
    ObjectLockSpec spec =
        new ObjectLockSpec(
            new ObjectLockSpec.DefaultRetention(RetentionMode.Compliance, null, 1), null);

    assertThat(control.desired(controls().objectLock(spec).build()))
        .contains(lockWith(COMPLIANCE_1_YEAR));
    assertThat(control.desired(controls().objectLock(new ObjectLockSpec(null, null)).build()))
        .contains(lockOnly());
    assertThat(control.desired(controls().build())).isEmpty();
  }

  @Test
  void dependsOnVersioning() {
    assertThat(control.info().dependsOn()).containsExactly(VersioningControl.INFO.name());
  }

  @Test
  void zeroDaysOrYearsMeanUnset() {
    assertThat(Retention.of("GOVERNANCE", 30, 0)).isEqualTo(GOVERNANCE_30_DAYS);
    assertThat(Retention.of("COMPLIANCE", 0, 1)).isEqualTo(COMPLIANCE_1_YEAR);
    assertThat(Retention.of("COMPLIANCE", -1, 1)).isEqualTo(COMPLIANCE_1_YEAR);
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of(
            "lock required, off",
            lockOnly(),
            ObjectLockState.OFF,
            List.of("objectLockEnabled:PUT")),
        Arguments.of("lock required, on", lockOnly(), enabled(null), List.of()),
        Arguments.of(
            "retention not managed, any retention",
            lockOnly(),
            enabled(COMPLIANCE_1_YEAR),
            List.of()),
        Arguments.of(
            "retention required, same",
            lockWith(GOVERNANCE_30_DAYS),
            enabled(GOVERNANCE_30_DAYS),
            List.of()),
        Arguments.of(
            "retention required, reported with years=0",
            lockWith(GOVERNANCE_30_DAYS),
            enabled(Retention.of("GOVERNANCE", 30, 0)),
            List.of()),
        Arguments.of(
            "retention required, reported with days=0",
            lockWith(COMPLIANCE_1_YEAR),
            enabled(Retention.of("COMPLIANCE", 0, 1)),
            List.of()),
        Arguments.of(
            "retention required, none",
            lockWith(GOVERNANCE_30_DAYS),
            enabled(null),
            List.of("defaultRetention:PUT")),
        Arguments.of(
            "retention required, other mode",
            lockWith(GOVERNANCE_30_DAYS),
            enabled(Retention.of("COMPLIANCE", 30, null)),
            List.of("defaultRetention:PUT")),
        Arguments.of(
            "retention required, years instead of days",
            lockWith(GOVERNANCE_30_DAYS),
            enabled(Retention.of("GOVERNANCE", null, 1)),
            List.of("defaultRetention:PUT")),
        Arguments.of(
            "retention required, lock off",
            lockWith(GOVERNANCE_30_DAYS),
            ObjectLockState.OFF,
            List.of("objectLockEnabled:PUT", "defaultRetention:PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name,
      ObjectLockControl.Requirement required,
      ObjectLockState observed,
      List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, observed))).isEqualTo(drift);
  }

  @Test
  void retentionDriftIsReadable() {
    Drift drift = control.diff(lockWith(GOVERNANCE_30_DAYS), enabled(COMPLIANCE_1_YEAR));

    assertThat(drift.expected()).isEqualTo("defaultRetention=GOVERNANCE 30 days");
    assertThat(drift.observed()).isEqualTo("defaultRetention=COMPLIANCE 1 years");
  }

  static Stream<Arguments> remediations() {
    return Stream.of(
        Arguments.of(lockOnly(), ObjectLockState.OFF, enabled(null)),
        Arguments.of(
            lockWith(GOVERNANCE_30_DAYS), ObjectLockState.OFF, enabled(GOVERNANCE_30_DAYS)),
        Arguments.of(
            lockWith(GOVERNANCE_30_DAYS), enabled(COMPLIANCE_1_YEAR), enabled(GOVERNANCE_30_DAYS)),
        // the PUT replaces the whole configuration: an unmanaged retention is written back
        Arguments.of(lockOnly(), enabled(COMPLIANCE_1_YEAR), enabled(COMPLIANCE_1_YEAR)));
  }

  @ParameterizedTest(name = "{0}, observed {1} -> writes {2}")
  @MethodSource("remediations")
  void remediationWritesTheLockConfigurationOnly(
      ObjectLockControl.Requirement required, ObjectLockState observed, ObjectLockState written) {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET)
        .versioning(new VersioningState(VersioningState.Status.ENABLED, false))
        .objectLock(observed);

    Remediation.apply(control, s3, BUCKET, required, observed);

    assertThat(s3.calls()).containsExactly("PutObjectLockConfiguration");
    assertThat(s3.bucket(BUCKET).objectLock.get()).isEqualTo(written);
    assertThat(s3.bucket(BUCKET).versioning.get().status())
        .isEqualTo(VersioningState.Status.ENABLED);
  }
}
