package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.aws.PublicAccessBlock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PublicAccessBlockControlTest {

  private static final String BUCKET = "b";
  private final PublicAccessBlockControl control = new PublicAccessBlockControl();

  private static PublicAccessBlock pab(int acls, int ignore, int policy, int restrict) {
    return new PublicAccessBlock(acls == 1, ignore == 1, policy == 1, restrict == 1);
  }

  @Test
  void unsetAndFalseFlagsAreNotRequired() {
    PublicAccessBlockSpec spec = new PublicAccessBlockSpec(true, null, false, true, null);

    assertThat(control.desired(controls().publicAccessBlock(spec).build()))
        .contains(pab(1, 0, 0, 1));
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("all required, all on", pab(1, 1, 1, 1), pab(1, 1, 1, 1), List.of()),
        Arguments.of(
            "all required, not configured (all off)",
            pab(1, 1, 1, 1),
            PublicAccessBlock.NONE,
            List.of(
                "blockPublicAcls:PUT",
                "ignorePublicAcls:PUT",
                "blockPublicPolicy:PUT",
                "restrictPublicBuckets:PUT")),
        Arguments.of("one required, on", pab(1, 0, 0, 0), pab(1, 0, 0, 0), List.of()),
        Arguments.of(
            "one required, only others on",
            pab(1, 0, 0, 0),
            pab(0, 1, 1, 1),
            List.of("blockPublicAcls:PUT")),
        Arguments.of(
            "restrictPublicBuckets required, off",
            pab(0, 0, 0, 1),
            pab(1, 1, 1, 0),
            List.of("restrictPublicBuckets:PUT")),
        Arguments.of("nothing required, all off", pab(0, 0, 0, 0), pab(0, 0, 0, 0), List.of()),
        Arguments.of("extra flags on are not drift", pab(0, 1, 0, 0), pab(1, 1, 1, 1), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name, PublicAccessBlock required, PublicAccessBlock observed, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, observed))).isEqualTo(drift);
  }

  @Test
  void driftSaysWhatIsExpectedAndObserved() {
    Drift drift = control.diff(pab(1, 0, 0, 0), PublicAccessBlock.NONE);

    assertThat(drift.expected()).isEqualTo("blockPublicAcls=true");
    assertThat(drift.observed()).isEqualTo("blockPublicAcls=false");
  }

  static Stream<Arguments> remediations() {
    return Stream.of(
        Arguments.of(pab(1, 1, 1, 1), PublicAccessBlock.NONE, pab(1, 1, 1, 1)),
        // blockPublicPolicy is on but not required: it stays on
        Arguments.of(pab(1, 1, 0, 0), pab(0, 0, 1, 0), pab(1, 1, 1, 0)),
        Arguments.of(pab(0, 0, 0, 1), pab(1, 1, 1, 0), pab(1, 1, 1, 1)),
        Arguments.of(pab(1, 0, 0, 0), pab(0, 1, 0, 1), pab(1, 1, 0, 1)));
  }

  @ParameterizedTest(name = "required {0}, observed {1} -> writes {2}")
  @MethodSource("remediations")
  void remediationWritesObservedOrRequiredAndNeverTurnsAFlagOff(
      PublicAccessBlock required, PublicAccessBlock observed, PublicAccessBlock written) {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).publicAccessBlock(observed);

    Remediation.apply(control, s3, BUCKET, required, observed);

    assertThat(s3.bucket(BUCKET).publicAccessBlock.get()).isEqualTo(written);
    assertThat(s3.calls()).containsExactly("PutPublicAccessBlock");
    assertThat(control.diff(required, s3.bucket(BUCKET).publicAccessBlock.get()).isNone()).isTrue();
  }

  @Test
  void anyTwoRequirementsCombineIntoTheirUnionBecauseFlagsOnlyTurnOn() {
    assertThat(control.combine(pab(1, 0, 0, 0), pab(0, 0, 0, 1))).contains(pab(1, 0, 0, 1));
    assertThat(control.combine(PublicAccessBlock.ALL, PublicAccessBlock.NONE))
        .contains(PublicAccessBlock.ALL);
  }
}
