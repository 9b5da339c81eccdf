package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.VersioningState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine defends itself: its own order whatever the caller's, and a buggy control isolated. */
class BucketCheckIsolationTest {

  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final TargetCheck check =
      new TargetCheck(
          new ReadBackVerifier(2, Duration.ZERO, d -> {}),
          ControlCatalog.standard().bucketRunOrder());

  @Test
  void runsControlsInRemediationOrderWhateverOrderItIsGiven() {
    s3.bucket("b");
    List<ManagedControl<BucketSubject, ?, ?>> reversed =
        new ArrayList<>(
            List.of(
                new ManagedControl<>(new WebsiteDisabledControl(), true, Mode.Audit),
                new ManagedControl<>(
                    new VersioningControl(), new VersioningControl.Requirement(false), Mode.Audit),
                new ManagedControl<>(new NoPublicAclControl(), true, Mode.Audit)));

    BucketResult result =
        new BucketResult("b", check.runAlone(BucketSubject.of(s3, "b"), reversed));

    assertThat(result.outcomes())
        .extracting(ControlOutcome::control)
        .containsExactly(Names.NO_PUBLIC_ACL, Names.VERSIONING, Names.WEBSITE_DISABLED);
    assertThat(s3.calls())
        .containsExactly("GetBucketAcl", "GetBucketVersioning", "GetBucketWebsite");
  }

  @Test
  void anUnexpectedExceptionFailsOnlyItsOwnControl() {
    s3.bucket("b");
    Control<BucketSubject, Boolean, Boolean> broken =
        new Control<>() {
          public ControlInfo info() {
            return TlsOnlyControl.INFO;
          }

          public Boolean observe(BucketSubject subject) {
            throw new IllegalStateException("bug");
          }

          public Drift diff(Boolean desired, Boolean observed) {
            return Drift.NONE;
          }

          public List<Write<BucketSubject>> plan(
              BucketSubject subject, Boolean desired, Boolean observed) {
            return List.of();
          }
        };

    BucketResult result =
        new BucketResult(
            "b",
            check.runAlone(
                BucketSubject.of(s3, "b"),
                List.of(
                    new ManagedControl<>(broken, true, Mode.Enforce),
                    new ManagedControl<>(
                        new VersioningControl(),
                        new VersioningControl.Requirement(false),
                        Mode.Enforce))));

    assertThat(result.outcomes())
        .extracting(ControlOutcome::control, ControlOutcome::state, ControlOutcome::reasonLabel)
        .containsExactly(
            tuple(Names.VERSIONING, OutcomeState.CORRECTED, "DriftCorrected"),
            tuple(Names.TLS_ONLY, OutcomeState.FAILED, "InternalError"));
    assertThat(s3.versioning("b").status()).isEqualTo(VersioningState.Status.ENABLED);
  }
}
