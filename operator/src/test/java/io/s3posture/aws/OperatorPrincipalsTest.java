package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.MovableClock;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorPrincipalsTest {

  private final List<AwsTarget> asked = new ArrayList<>();
  private final MovableClock clock = new MovableClock();

  @Test
  void anAssumedRoleSessionIsItsRole() {
    assertThat(
            OperatorPrincipals.principalOf(
                "arn:aws:sts::111122223333:assumed-role/s3-posture/s3-posture-operator"))
        .isEqualTo("arn:aws:iam::111122223333:role/s3-posture");
    assertThat(
            OperatorPrincipals.principalOf(
                "arn:aws-us-gov:sts::111122223333:assumed-role/op/botocore-session-1"))
        .isEqualTo("arn:aws-us-gov:iam::111122223333:role/op");
    assertThat(OperatorPrincipals.principalOf("arn:aws:iam::111122223333:user/ci"))
        .isEqualTo("arn:aws:iam::111122223333:user/ci");
    assertThat(OperatorPrincipals.principalOf("arn:aws:iam::111122223333:root"))
        .isEqualTo("arn:aws:iam::111122223333:root");
  }

  @Test
  void aConfiguredRoleIsThePrincipalWithItsPathAndNoCall() {
    OperatorPrincipals principals = new OperatorPrincipals(this::caller, clock);
    AwsTarget target =
        AwsTarget.of("eu-west-1").withRole("arn:aws:iam::111122223333:role/team/s3-posture", null);

    assertThat(principals.apply(target)).contains("arn:aws:iam::111122223333:role/team/s3-posture");
    assertThat(asked).isEmpty();
  }

  @Test
  void theCallerIsAskedOncePerTargetWhateverTheRegion() {
    OperatorPrincipals principals = new OperatorPrincipals(this::caller, clock);
    AwsTarget target = AwsTarget.of("eu-west-1").withEndpoint(URI.create("http://127.0.0.1:1"));

    assertThat(principals.apply(target)).contains("arn:aws:iam::111122223333:role/irsa");
    assertThat(principals.apply(target.withRegion("us-east-1")))
        .contains("arn:aws:iam::111122223333:role/irsa");
    assertThat(asked).hasSize(1);
  }

  @Test
  void aFailureLeavesThePrincipalUnknownAndIsAskedAgainAfterAMinuteNotOnEveryCheck() {
    boolean[] failing = {true};
    OperatorPrincipals principals =
        new OperatorPrincipals(
            target -> {
              asked.add(target);
              if (failing[0]) {
                throw new AwsFailure(
                    FailureKind.NETWORK, "GetCallerIdentity", null, "unreachable", null);
              }
              return "arn:aws:sts::111122223333:assumed-role/irsa/web-identity";
            },
            clock);
    AwsTarget target = AwsTarget.of("eu-west-1");

    for (int check = 0; check < 100; check++) {
      assertThat(principals.apply(target)).isEqualTo(Optional.empty());
    }
    assertThat(asked).as("one call for a hundred checks within the minute").hasSize(1);

    failing[0] = false;
    clock.advance(OperatorPrincipals.RETRY_AFTER);
    assertThat(principals.apply(target)).contains("arn:aws:iam::111122223333:role/irsa");
    assertThat(principals.apply(target)).contains("arn:aws:iam::111122223333:role/irsa");
    assertThat(asked).hasSize(2);
  }

  @Test
  void anAnswerWithoutAnArnIsAFailureNotACrash() {
    OperatorPrincipals principals =
        new OperatorPrincipals(
            target -> {
              asked.add(target);
              return null;
            },
            clock);

    assertThat(principals.apply(AwsTarget.of("eu-west-1"))).isEmpty();
  }

  private String caller(AwsTarget target) {
    asked.add(target);
    return "arn:aws:sts::111122223333:assumed-role/irsa/web-identity";
  }
}
