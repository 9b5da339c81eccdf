package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.VpcEndpointOnlySpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VpcEndpointOnlyControlTest {

  private static final String BUCKET = "b";
  private static final String ARN = "arn:aws:s3:::b";
  private static final String ENDPOINT = "vpce-1a2b3c4d";
  private static final String OPERATOR = "arn:aws:iam::111122223333:role/s3-posture";
  private static final String BREAK_GLASS = "arn:aws:iam::111122223333:role/break-glass";

  private final VpcEndpointOnlyControl control = new VpcEndpointOnlyControl();
  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.bucketRunOrder());

  private static ControlsSpec spec(Mode mode, String... exempt) {
    return controls()
        .vpcEndpointOnly(new VpcEndpointOnlySpec(List.of(ENDPOINT), List.of(exempt), mode))
        .build();
  }

  private static VpcEndpointOnlyControl.Requirement requirement(String... exempt) {
    return new VpcEndpointOnlyControl.Requirement(Set.of(ENDPOINT), Set.of(exempt));
  }

  private List<ControlOutcome> run(ControlsSpec spec, Optional<String> principal) {
    return check.runAlone(
        BucketSubject.of(s3, BUCKET, principal), catalog.managedBy(spec, Mode.Enforce));
  }

  @Test
  void theStatementDeniesEverythingOutsideTheEndpointsExceptServicesAndExemptPrincipals() {
    JsonNode statement =
        VpcEndpointOnlyControl.statement(ARN, Set.of(ENDPOINT), Set.of(BREAK_GLASS));

    assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
    assertThat(statement.path("Principal").asText()).isEqualTo("*");
    assertThat(statement.path("Action").asText()).isEqualTo("s3:*");
    JsonNode condition = statement.path("Condition");
    assertThat(condition.at("/StringNotEqualsIfExists/aws:SourceVpce/0").asText())
        .isEqualTo(ENDPOINT);
    assertThat(condition.at("/BoolIfExists/aws:ViaAWSService").asText()).isEqualTo("false");
    assertThat(condition.at("/BoolIfExists/aws:PrincipalIsAWSService").asText()).isEqualTo("false");
    assertThat(condition.at("/ArnNotLikeIfExists/aws:PrincipalArn/0").asText())
        .isEqualTo(BREAK_GLASS);
  }

  @Test
  void theOperatorsRoleIsExemptUnderAnyPathUnlessItIsListed() {
    assertThat(VpcEndpointOnlyControl.operatorForms(OPERATOR))
        .containsExactlyInAnyOrder(OPERATOR, "arn:aws:iam::111122223333:role/*/s3-posture");
    assertThat(VpcEndpointOnlyControl.operatorForms("arn:aws:iam::111122223333:role/team/op"))
        .containsExactly("arn:aws:iam::111122223333:role/team/op");
    assertThat(VpcEndpointOnlyControl.operatorForms("arn:aws:iam::111122223333:user/op"))
        .containsExactly("arn:aws:iam::111122223333:user/op");

    BucketPolicyView unknown = new BucketPolicyView(ARN, Optional.empty(), Optional.empty());
    BucketPolicyView known = new BucketPolicyView(ARN, Optional.empty(), Optional.of(OPERATOR));
    assertThat(
            control
                .ownedStatements(requirement(BREAK_GLASS), known)
                .get(0)
                .at("/Condition/ArnNotLikeIfExists/aws:PrincipalArn"))
        .hasSize(3);
    assertThat(
            control
                .ownedStatements(requirement(OPERATOR), known)
                .get(0)
                .at("/Condition/ArnNotLikeIfExists/aws:PrincipalArn"))
        .as("listed: the statement is the same whoever checks it")
        .isEqualTo(
            control
                .ownedStatements(requirement(OPERATOR), unknown)
                .get(0)
                .at("/Condition/ArnNotLikeIfExists/aws:PrincipalArn"));
  }

  @Test
  void auditUnlessItsOwnModeSaysEnforce() {
    assertThat(control.declared(spec(null)).orElseThrow().mode()).contains(Mode.Audit);
    assertThat(control.declared(spec(Mode.Enforce)).orElseThrow().mode()).contains(Mode.Enforce);
  }

  @Test
  void refusesToWriteWhenTheOperatorDoesNotKnowItsOwnPrincipal() {
    s3.bucket(BUCKET);

    List<ControlOutcome> outcomes = run(spec(Mode.Enforce, BREAK_GLASS), Optional.empty());

    assertThat(s3.writes()).isZero();
    ControlOutcome outcome = outcomes.get(0);
    assertThat(outcome.state()).isEqualTo(OutcomeState.FAILED);
    assertThat(outcome.reason()).isEqualTo(OutcomeReason.WriteRefused);
    assertThat(outcome.message())
        .contains("does not know its own IAM principal")
        .contains("lock the operator out");
    assertThat(outcome.retrySoon()).isFalse();
  }

  @Test
  void writesTheStatementExemptingItselfAndTheListedPrincipals() {
    s3.bucket(BUCKET);

    List<ControlOutcome> outcomes = run(spec(Mode.Enforce, BREAK_GLASS), Optional.of(OPERATOR));

    assertThat(s3.writeCalls()).containsExactly("PutBucketPolicy");
    assertThat(outcomes.get(0).state()).isEqualTo(OutcomeState.CORRECTED);
    String policy = s3.bucket(BUCKET).policy.get().orElseThrow();
    assertThat(policy).contains(BREAK_GLASS).contains(OPERATOR).contains(ENDPOINT);
  }

  @Test
  void anotherEndpointListIsDrift() {
    String other =
        PolicyDocument.empty()
            .withStatement(VpcEndpointOnlyControl.statement(ARN, Set.of("vpce-99999999"), Set.of()))
            .toJson();

    assertThat(
            DriftSummary.of(
                control.diff(requirement(), new BucketPolicyView(ARN, Optional.of(other)))))
        .containsExactly("statement[S3PostureVpcEndpointOnly]:PUT");
    assertThat(control.diff(requirement(), new BucketPolicyView(ARN, Optional.empty())).expected())
        .isEqualTo(
            "statement[S3PostureVpcEndpointOnly]=Deny s3:* unless through vpce-1a2b3c4d (exempt:"
                + " AWS services)");
  }
}
