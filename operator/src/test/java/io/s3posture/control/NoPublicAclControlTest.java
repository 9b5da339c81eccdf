package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.FakeS3Gateway.OWNER;
import static io.s3posture.control.FakeS3Gateway.groupGrant;
import static io.s3posture.control.FakeS3Gateway.userGrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.BucketAcl;
import io.s3posture.aws.BucketAcl.Grant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoPublicAclControlTest {

  private static final String BUCKET = "b";
  private static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
  private static final Grant OWNER_FULL = userGrant(OWNER, "FULL_CONTROL");
  private static final Grant PARTNER_READ = userGrant("partner-canonical-id", "READ");
  private static final Grant LOGS_WRITE = groupGrant(LOG_DELIVERY, "WRITE");
  private static final Grant ALL_USERS_READ = groupGrant(BucketAcl.ALL_USERS, "READ");
  private static final Grant AUTHENTICATED_WRITE =
      groupGrant(BucketAcl.AUTHENTICATED_USERS, "WRITE");

  private final NoPublicAclControl control = new NoPublicAclControl();

  private static BucketAcl acl(Grant... grants) {
    return new BucketAcl(OWNER, List.of(grants));
  }

  @Test
  void managedWhenNamed() {
    assertThat(control.desired(controls().noPublicAcl(ControlsSpecBuilder.on()).build()))
        .contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("private", acl(OWNER_FULL), List.of(), ""),
        Arguments.of("another account", acl(OWNER_FULL, PARTNER_READ), List.of(), ""),
        Arguments.of("log delivery group", acl(OWNER_FULL, LOGS_WRITE), List.of(), ""),
        Arguments.of(
            "everyone may read",
            acl(OWNER_FULL, ALL_USERS_READ),
            List.of("publicGrants:PUT"),
            "publicGrants=AllUsers:READ"),
        Arguments.of(
            "every AWS account may write, everyone may read",
            acl(OWNER_FULL, AUTHENTICATED_WRITE, PARTNER_READ, ALL_USERS_READ),
            List.of("publicGrants:PUT"),
            "publicGrants=AuthenticatedUsers:WRITE,AllUsers:READ"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, BucketAcl observed, List<String> drift, String described) {
    Drift result = control.diff(true, observed);

    assertThat(DriftSummary.of(result)).isEqualTo(drift);
    assertThat(result.observed()).isEqualTo(described);
  }

  @Test
  void remediationRemovesOnlyThePublicGrants() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    BucketAcl observed =
        acl(OWNER_FULL, AUTHENTICATED_WRITE, PARTNER_READ, ALL_USERS_READ, LOGS_WRITE);
    s3.bucket(BUCKET).acl(observed);

    Remediation.apply(control, s3, BUCKET, true, observed);

    assertThat(s3.calls()).containsExactly("PutBucketAcl");
    assertThat(s3.bucket(BUCKET).acl.get()).isEqualTo(acl(OWNER_FULL, PARTNER_READ, LOGS_WRITE));
    assertThat(control.diff(true, s3.bucket(BUCKET).acl.get()).isNone()).isTrue();
  }
}
