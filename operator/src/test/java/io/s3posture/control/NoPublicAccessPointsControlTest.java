package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.PublicAccessBlock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoPublicAccessPointsControlTest {

  private static final String BUCKET = "b";
  private static final String PUBLIC_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Anyone\",\"Effect\":\"Allow\","
          + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"arn:aws:s3:us-east-1:111122223333:accesspoint/open/object/*\"}]}";
  private static final String ORG_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
          + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
          + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}]}";

  private final NoPublicAccessPointsControl control = new NoPublicAccessPointsControl();

  private static AccessPoint point(String name, PublicAccessBlock flags, String... policies) {
    return new AccessPoint(
        name, List.of(BUCKET), false, Optional.of("Internet"), flags, List.of(policies));
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("no access point", List.of(), List.of()),
        Arguments.of(
            "all flags on, no policy", List.of(point("private", PublicAccessBlock.ALL)), List.of()),
        Arguments.of(
            "a policy pinned to the organisation",
            List.of(point("org", PublicAccessBlock.ALL, ORG_POLICY)),
            List.of()),
        Arguments.of(
            "one flag off",
            List.of(point("lax", new PublicAccessBlock(true, true, true, false))),
            List.of("accessPoint[lax].publicAccessBlock:NOT_REMEDIABLE")),
        Arguments.of(
            "a policy that allows everyone",
            List.of(point("open", PublicAccessBlock.ALL, PUBLIC_POLICY)),
            List.of("accessPoint[open].policy.statement[Anyone]:NOT_REMEDIABLE")),
        Arguments.of(
            "both, and a private one beside",
            List.of(
                point("private", PublicAccessBlock.ALL),
                point("open", PublicAccessBlock.NONE, PUBLIC_POLICY)),
            List.of(
                "accessPoint[open].publicAccessBlock:NOT_REMEDIABLE",
                "accessPoint[open].policy.statement[Anyone]:NOT_REMEDIABLE")),
        Arguments.of(
            "a policy that is not a document",
            List.of(point("broken", PublicAccessBlock.ALL, "[]")),
            List.of("accessPoint[broken].policy:NOT_REMEDIABLE")),
        Arguments.of(
            "a multi-region access point's proposed policy",
            List.of(
                new AccessPoint(
                    "global",
                    List.of(BUCKET, "b-eu"),
                    true,
                    Optional.empty(),
                    PublicAccessBlock.ALL,
                    List.of(ORG_POLICY, PUBLIC_POLICY))),
            List.of("multiRegionAccessPoint[global].policy.statement[Anyone]:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, List<AccessPoint> observed, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(true, observed))).isEqualTo(drift);
    assertThat(DriftSummary.of(new AccountNoPublicAccessPointsControl().diff(true, observed)))
        .as("the account control judges the same way")
        .isEqualTo(drift);
  }

  @Test
  void aFindingSaysWhichFlagsAreOnAndThatOnlyReplacingHelps() {
    Drift drift =
        control.diff(true, List.of(point("lax", new PublicAccessBlock(true, false, true, false))));

    assertThat(drift.expected())
        .isEqualTo(
            "accessPoint[lax].publicAccessBlock=all four Block Public Access flags on (fixed at"
                + " creation: replace the access point)");
    assertThat(drift.observed())
        .isEqualTo(
            "accessPoint[lax].publicAccessBlock=on: BlockPublicAcls, BlockPublicPolicy (of bucket"
                + " b, network origin Internet)");
  }

  @Test
  void theBucketOwnersAccountNamesTheAccessPointsAndNothingIsEverWritten() {
    FakeS3Gateway s3 = new FakeS3Gateway().expectedOwner("111122223333");
    s3.bucket(BUCKET).accessPoints(point("open", PublicAccessBlock.NONE, PUBLIC_POLICY));
    TargetCheck engine =
        new TargetCheck(
            new ReadBackVerifier(3, Duration.ofMillis(1), d -> {}),
            ControlCatalog.standard().bucketRunOrder());

    List<ControlOutcome> outcomes =
        engine.runAlone(
            BucketSubject.of(s3, BUCKET),
            ControlCatalog.standard()
                .managedBy(controls().noPublicAccessPoints(on()).build(), Mode.Enforce));

    assertThat(s3.calls()).containsExactly("ListAccessPoints");
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.NEEDS_HUMAN);
              assertThat(o.drift().fields()).hasSize(2);
            });
  }

  @Test
  void withoutAnAccountToAskForTheReadFailsAndSaysWhatToSet() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET);

    assertThatThrownBy(() -> control.observe(BucketSubject.of(s3, BUCKET)))
        .isInstanceOf(AwsFailure.class)
        .hasMessageContaining("set spec.aws.accountId");
    assertThat(
            control.observe(
                BucketSubject.of(s3, BUCKET, Optional.of("arn:aws:iam::444455556666:role/op"))))
        .as("the operator's own account when the policy names none")
        .isEmpty();
  }

  @Test
  void declaredByEitherPolicyKind() {
    assertThat(control.desired(controls().noPublicAccessPoints(on()).build())).contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
    AccountPolicySpec account =
        new AccountPolicySpec(null, Mode.Enforce, null, null, null, new BasicControlSpec(null));
    assertThat(new AccountNoPublicAccessPointsControl().declared(account))
        .hasValueSatisfying(d -> assertThat(d.desired()).isTrue());
  }
}
