package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3posture.aws.BucketAcl;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoExternalAccessControlTest {

  private static final String ARN = "arn:aws:s3:::b";
  private static final String OWN = "111122223333";
  private static final String PARTNER = "444455556666";
  private static final String STRANGER = "999999999999";
  private static final String ORG = "o-abcdefghij";
  private static final NoExternalAccessControl.Allowed ALLOWED =
      new NoExternalAccessControl.Allowed(Set.of(PARTNER), Set.of(ORG));

  private final NoExternalAccessControl control = new NoExternalAccessControl();

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static String allow(String principal, String condition) {
    return "{'Sid':'s','Effect':'Allow','Principal':"
        + principal
        + ",'Action':'s3:GetObject','Resource':'arn:aws:s3:::b/*'"
        + (condition == null ? "" : ",'Condition':" + condition)
        + "}";
  }

  private static NoExternalAccessControl.Observed observed(String statement, BucketAcl acl) {
    return new NoExternalAccessControl.Observed(
        new BucketPolicyView(
            ARN,
            Optional.ofNullable(statement)
                .map(s -> q("{'Version':'2012-10-17','Statement':[" + s + "]}"))),
        acl,
        Set.of(OWN));
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("no policy", null, List.of()),
        Arguments.of(
            "own account role",
            allow("{'AWS':'arn:aws:iam::" + OWN + ":role/app'}", null),
            List.of()),
        Arguments.of(
            "allowed account root",
            allow("{'AWS':'arn:aws:iam::" + PARTNER + ":root'}", null),
            List.of()),
        Arguments.of("allowed account id", allow("{'AWS':'" + PARTNER + "'}", null), List.of()),
        Arguments.of(
            "another account",
            allow("{'AWS':'arn:aws:iam::" + STRANGER + ":root'}", null),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "another account's assumed role",
            allow("{'AWS':['arn:aws:sts::" + STRANGER + ":assumed-role/r/s']}", null),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "a deleted principal's unique id",
            allow("{'AWS':'AROAEXAMPLEID'}", null),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "another account in the allowed organization",
            allow(
                "{'AWS':'" + STRANGER + "'}",
                "{'StringEquals':{'aws:PrincipalOrgID':'" + ORG + "'}}"),
            List.of()),
        Arguments.of(
            "everyone in the allowed organization",
            allow("'*'", "{'StringEquals':{'aws:PrincipalOrgID':['" + ORG + "']}}"),
            List.of()),
        Arguments.of(
            "everyone in another organization",
            allow("'*'", "{'StringEquals':{'aws:PrincipalOrgID':'o-zzzzzzzzzz'}}"),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "everyone in an allowed org path",
            allow(
                "'*'",
                "{'ForAnyValue:StringLike':{'aws:PrincipalOrgPaths':['" + ORG + "/r-ab12/*']}}"),
            List.of()),
        Arguments.of(
            "IfExists does not narrow",
            allow("'*'", "{'StringEqualsIfExists':{'aws:PrincipalOrgID':'" + ORG + "'}}"),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "a negated operator does not narrow",
            allow("'*'", "{'StringNotEquals':{'aws:PrincipalOrgID':'o-zzzzzzzzzz'}}"),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "everyone of the own account",
            allow("{'AWS':'*'}", "{'StringEquals':{'aws:PrincipalAccount':'" + OWN + "'}}"),
            List.of()),
        Arguments.of(
            "everyone through a VPC endpoint",
            allow("'*'", "{'StringEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}"),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "principal ARNs of the own account",
            allow("'*'", "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::" + OWN + ":role/*'}}"),
            List.of()),
        Arguments.of(
            "a service principal",
            allow("{'Service':'logging.s3.amazonaws.com'}", null),
            List.of()),
        Arguments.of(
            "the owner's canonical user",
            allow("{'CanonicalUser':'owner-canonical-id'}", null),
            List.of()),
        Arguments.of(
            "another canonical user",
            allow(
                "{'CanonicalUser':'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'}",
                null),
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "NotPrincipal with Allow",
            "{'Sid':'s','Effect':'Allow','NotPrincipal':{'AWS':'arn:aws:iam::"
                + OWN
                + ":root'},'Action':'s3:*','Resource':'arn:aws:s3:::b/*'}",
            List.of("statement[s]:NOT_REMEDIABLE")),
        Arguments.of(
            "a Deny for another account",
            "{'Sid':'s','Effect':'Deny','Principal':{'AWS':'"
                + STRANGER
                + "'},'Action':'s3:*','Resource':'arn:aws:s3:::b/*'}",
            List.of()),
        Arguments.of("unparseable", "1", List.of("policy:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void policyStatements(String name, String statement, List<String> drift) {
    NoExternalAccessControl.Observed observed =
        "1".equals(statement)
            ? new NoExternalAccessControl.Observed(
                new BucketPolicyView(ARN, Optional.of("[1]")),
                FakeS3Gateway.privateAcl(),
                Set.of(OWN))
            : observed(statement, FakeS3Gateway.privateAcl());

    assertThat(DriftSummary.of(control.diff(ALLOWED, observed))).isEqualTo(drift);
  }

  @Test
  void findingsSayWhoGetsInAndWhatIsAllowed() {
    Drift drift =
        control.diff(
            ALLOWED,
            observed(
                allow(
                    "{'AWS':['arn:aws:iam::"
                        + OWN
                        + ":role/app','arn:aws:iam::"
                        + STRANGER
                        + ":root']}",
                    null),
                FakeS3Gateway.privateAcl()));

    assertThat(drift.fields())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.observed())
                  .isEqualTo(
                      "Allow \"s3:GetObject\" to arn:aws:iam::"
                          + STRANGER
                          + ":root (account "
                          + STRANGER
                          + ")");
              assertThat(f.expected())
                  .isEqualTo(
                      "access only for accounts 111122223333, 444455556666 and organizations "
                          + ORG);
            });
  }

  @Test
  void aclGrantsToOthersThanTheOwnerButLogDelivery() {
    BucketAcl acl =
        new BucketAcl(
            FakeS3Gateway.OWNER,
            List.of(
                FakeS3Gateway.userGrant(FakeS3Gateway.OWNER, "FULL_CONTROL"),
                FakeS3Gateway.userGrant("partner-canonical", "READ"),
                new BucketAcl.Grant("AmazonCustomerByEmail", null, null, "x@example.com", "READ"),
                FakeS3Gateway.groupGrant(BucketAcl.ALL_USERS, "READ"),
                FakeS3Gateway.groupGrant(
                    "http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE")));

    assertThat(control.diff(ALLOWED, observed(null, acl)).fields())
        .extracting(FieldDrift::field, FieldDrift::observed)
        .containsExactly(
            tuple("acl.grant[partner-canonical]", "READ to canonical user partner-canonical"),
            tuple("acl.grant[x@example.com]", "READ to e-mail grantee x@example.com"),
            tuple("acl.grant[AllUsers]", "READ to group AllUsers"));
  }

  @Test
  void theOwnersAccountComesFromTheExpectedOwnerAndTheOperatorsPrincipalAndNothingIsWritten() {
    FakeS3Gateway s3 = new FakeS3Gateway().expectedOwner(PARTNER);
    s3.bucket("b").acl(FakeS3Gateway.privateAcl());
    BucketSubject subject =
        BucketSubject.of(s3, "b", Optional.of("arn:aws:iam::" + OWN + ":role/s3-posture"));

    NoExternalAccessControl.Observed read = control.observe(subject);

    assertThat(read.ownerAccounts()).containsExactlyInAnyOrder(PARTNER, OWN);
    assertThat(control.plan(subject, ALLOWED, read)).isEmpty();
    assertThat(s3.writes()).isZero();
  }

  @Test
  void twoPoliciesCombineIntoWhatBothAllow() {
    assertThat(
            control.combine(
                ALLOWED, new NoExternalAccessControl.Allowed(Set.of(PARTNER, STRANGER), Set.of())))
        .contains(new NoExternalAccessControl.Allowed(Set.of(PARTNER), Set.of()));
  }
}
