package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.FakeS3Gateway.OWNER;
import static io.s3posture.control.FakeS3Gateway.groupGrant;
import static io.s3posture.control.FakeS3Gateway.userGrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.ObjectOwnership;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AclsDisabledControlTest {

  private static final String BUCKET = "b";

  private final AclsDisabledControl control = new AclsDisabledControl();

  @Test
  void managedWhenNamed() {
    assertThat(control.desired(controls().aclsDisabled(ControlsSpecBuilder.on()).build()))
        .contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ObjectOwnership.class)
  void onlyBucketOwnerEnforcedDisablesAcls(ObjectOwnership observed) {
    // ObjectWriter is also what a bucket without ownership controls reports
    Drift drift = control.diff(true, observed);

    if (observed == ObjectOwnership.BucketOwnerEnforced) {
      assertThat(drift.isNone()).isTrue();
    } else {
      assertThat(DriftSummary.of(drift)).containsExactly("objectOwnership:PUT");
      assertThat(drift.observed()).isEqualTo("objectOwnership=" + observed);
    }
  }

  static Stream<Arguments> acls() {
    return Stream.of(
        Arguments.of("private", FakeS3Gateway.privateAcl(), false),
        Arguments.of(
            "another account",
            new BucketAcl(
                OWNER, List.of(userGrant(OWNER, "FULL_CONTROL"), userGrant("partner", "READ"))),
            true),
        Arguments.of(
            "by e-mail",
            new BucketAcl(
                OWNER,
                List.of(
                    userGrant(OWNER, "FULL_CONTROL"),
                    new BucketAcl.Grant(
                        "AmazonCustomerByEmail", null, null, "someone@example.com", "READ"))),
            true),
        Arguments.of(
            "everyone",
            new BucketAcl(
                OWNER,
                List.of(userGrant(OWNER, "FULL_CONTROL"), groupGrant(BucketAcl.ALL_USERS, "READ"))),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acls")
  void remediationResetsTheAclToPrivateOnlyWhenItGrantsOthersThenEnforcesOwnership(
      String name, BucketAcl acl, boolean reset) {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).acl(acl).ownership(ObjectOwnership.ObjectWriter);

    Remediation.apply(control, s3, BUCKET, true, ObjectOwnership.ObjectWriter);

    assertThat(s3.calls())
        .containsExactlyElementsOf(
            reset
                ? List.of("GetBucketAcl", "PutBucketAcl", "PutBucketOwnershipControls")
                : List.of("GetBucketAcl", "PutBucketOwnershipControls"));
    assertThat(s3.bucket(BUCKET).acl.get()).isEqualTo(reset ? FakeS3Gateway.privateAcl() : acl);
    assertThat(s3.bucket(BUCKET).ownership.get()).isEqualTo(ObjectOwnership.BucketOwnerEnforced);
  }
}
