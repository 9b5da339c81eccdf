package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.S3Gateway;
import io.s3posture.aws.VersioningState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine defends itself: its own order whatever the caller's, and a buggy control isolated. */
class BucketCheckIsolationTest {

  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final BucketCheck check =
      new BucketCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}));

  @Test
  void runsControlsInRemediationOrderWhateverOrderItIsGiven() {
    s3.bucket("b");
    List<ManagedControl<?, ?>> reversed =
        new ArrayList<>(
            List.of(
                new ManagedControl<>(new WebsiteDisabledControl(), true, Mode.Audit),
                new ManagedControl<>(
                    new VersioningControl(), new VersioningControl.Requirement(false), Mode.Audit),
                new ManagedControl<>(new NoPublicAclControl(), true, Mode.Audit)));

    BucketResult result = check.run(s3, "b", reversed, ConflictGuard.NONE);

    assertThat(result.outcomes())
        .extracting(ControlOutcome::control)
        .containsExactly(
            ControlName.NO_PUBLIC_ACL, ControlName.VERSIONING, ControlName.WEBSITE_DISABLED);
    assertThat(s3.calls())
        .containsExactly("GetBucketAcl", "GetBucketVersioning", "GetBucketWebsite");
  }

  @Test
  void anUnexpectedExceptionFailsOnlyItsOwnControl() {
    s3.bucket("b");
    Control<Boolean, Boolean> broken =
        new Control<>() {
          public ControlName name() {
            return ControlName.TLS_ONLY;
          }

          public Optional<Boolean> desired(ControlsSpec controls) {
            return Optional.of(true);
          }

          public Boolean observe(S3Gateway gateway, String bucket) {
            throw new IllegalStateException("bug");
          }

          public Drift diff(Boolean desired, Boolean observed) {
            return Drift.NONE;
          }

          public void remediate(
              S3Gateway gateway, String bucket, Boolean desired, Boolean observed) {}
        };

    BucketResult result =
        check.run(
            s3,
            "b",
            List.of(
                new ManagedControl<>(broken, true, Mode.Enforce),
                new ManagedControl<>(
                    new VersioningControl(),
                    new VersioningControl.Requirement(false),
                    Mode.Enforce)),
            ConflictGuard.NONE);

    assertThat(result.outcomes())
        .extracting(ControlOutcome::control, ControlOutcome::state, ControlOutcome::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ControlName.VERSIONING, OutcomeState.CORRECTED, "DriftCorrected"),
            org.assertj.core.groups.Tuple.tuple(
                ControlName.TLS_ONLY, OutcomeState.FAILED, "InternalError"));
    assertThat(s3.versioning("b").status()).isEqualTo(VersioningState.Status.ENABLED);
  }
}
