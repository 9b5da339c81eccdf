package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NoPublicPolicyControlTest {

  private static final String BUCKET = "b";
  private static final String ARN = "arn:aws:s3:::b";

  private final NoPublicPolicyControl control = new NoPublicPolicyControl();

  private static String policy(String... statements) {
    return ("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}")
        .replace('\'', '"');
  }

  /** An Allow of s3:GetObject with this Sid, principal and condition (single-quoted JSON). */
  private static String allow(String sid, String principal, String condition) {
    return "{'Sid':'"
        + sid
        + "','Effect':'Allow','Principal':"
        + principal
        + ",'Action':'s3:GetObject','Resource':'arn:aws:s3:::b/*'"
        + (condition == null ? "" : ",'Condition':" + condition)
        + "}";
  }

  @Test
  void managedWhenNamed() {
    assertThat(control.desired(controls().noPublicPolicy(ControlsSpecBuilder.on()).build()))
        .contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("no bucket policy", null, List.of()),
        Arguments.of(
            "Principal *",
            policy(allow("Public", "'*'", null)),
            List.of("statement[Public]:NOT_REMEDIABLE")),
        Arguments.of(
            "Principal {AWS: *}",
            policy(allow("Public", "{'AWS':'*'}", null)),
            List.of("statement[Public]:NOT_REMEDIABLE")),
        Arguments.of(
            "* among AWS principals",
            policy(allow("Public", "{'AWS':['arn:aws:iam::111122223333:root','*']}", null)),
            List.of("statement[Public]:NOT_REMEDIABLE")),
        Arguments.of(
            "one account",
            policy(allow("Account", "{'AWS':'arn:aws:iam::111122223333:root'}", null)),
            List.of()),
        Arguments.of(
            "an AWS service",
            policy(allow("Logs", "{'Service':'logging.s3.amazonaws.com'}", null)),
            List.of()),
        Arguments.of(
            "* restricted to a VPC endpoint",
            policy(allow("Vpce", "'*'", "{'StringEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}")),
            List.of()),
        Arguments.of(
            "* restricted, condition key in lower case",
            policy(allow("Vpce", "'*'", "{'StringEquals':{'aws:sourcevpce':'vpce-1a2b3c4d'}}")),
            List.of()),
        Arguments.of(
            "* restricted to an organisation",
            policy(allow("Org", "{'AWS':'*'}", "{'StringEquals':{'aws:PrincipalOrgID':'o-abc'}}")),
            List.of()),
        Arguments.of(
            "* restricted to source IPs",
            policy(allow("Ip", "'*'", "{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")),
            List.of()),
        Arguments.of(
            "* with a non-restricting condition (TLS)",
            policy(allow("Tls", "'*'", "{'Bool':{'aws:SecureTransport':'true'}}")),
            List.of("statement[Tls]:NOT_REMEDIABLE")),
        Arguments.of(
            "* with a restricting and a non-restricting condition",
            policy(
                allow(
                    "Both",
                    "'*'",
                    "{'Bool':{'aws:SecureTransport':'true'},"
                        + "'StringEquals':{'aws:SourceAccount':'111122223333'}}")),
            List.of()),
        Arguments.of(
            "Deny for *",
            policy(
                "{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::b/*',"
                    + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}"),
            List.of()),
        Arguments.of(
            "public statement without Sid is named by position",
            policy(
                allow("Account", "{'AWS':'arn:aws:iam::111122223333:root'}", null),
                "{'Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::b/*'}"),
            List.of("statement[#1]:NOT_REMEDIABLE")),
        Arguments.of(
            "single statement object",
            ("{'Statement':" + allow("Public", "'*'", null) + "}").replace('\'', '"'),
            List.of("statement[Public]:NOT_REMEDIABLE")),
        Arguments.of(
            "two public statements",
            policy(allow("A", "'*'", null), allow("B", "{'AWS':['*']}", null)),
            List.of("statement[A]:NOT_REMEDIABLE", "statement[B]:NOT_REMEDIABLE")),
        Arguments.of("unparseable policy", "{not json", List.of("policy:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, String policyJson, List<String> drift) {
    BucketPolicyView observed = new BucketPolicyView(ARN, Optional.ofNullable(policyJson));

    Drift result = control.diff(true, observed);

    assertThat(DriftSummary.of(result)).isEqualTo(drift);
    assertThat(result.hasRemediable()).as("never remediable").isFalse();
  }

  @ParameterizedTest(name = "{0} {1} {2}: public={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "StringEquals | aws:SourceAccount | \"111122223333\" | false",
        "StringEquals | aws:SourceAccount | \"*\" | true",
        "StringEquals | aws:PrincipalOrgID | [\"o-abc\", \"o-*\"] | true",
        "ArnEquals | aws:SourceArn | \"arn:aws:sns:us-east-1:111122223333:topic-${aws:username}\""
            + " | true",
        "StringEquals | aws:SourceVpce | [\"vpce-1\", \"vpce-2\"] | false",
        "IpAddress | aws:SourceIp | \"203.0.113.0/24\" | false",
        "StringNotEquals | aws:SourceVpce | \"vpce-1\" | true",
        "StringEqualsIfExists | aws:SourceVpce | \"vpce-1\" | true",
        "ForAllValues:StringEquals | aws:PrincipalOrgID | \"o-abc\" | true",
        "Null | aws:SourceVpce | \"false\" | true"
      })
  void onlyAMatchOfFixedValuesPinsTheCaller(
      String operator, String key, String value, boolean isPublic) {
    String statement =
        "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\""
            + operator
            + "\":{\""
            + key
            + "\":"
            + value
            + "}}}";
    assertThat(
            NoPublicPolicyControl.isPublicAllow(
                Statement.of(
                        PolicyDocument.parse("{\"Statement\":[" + statement + "]}").orElseThrow())
                    .get(0)))
        .isEqualTo(isPublic);
  }

  @Test
  void driftShowsWhatIsAllowed() {
    Drift drift =
        control.diff(
            true, new BucketPolicyView(ARN, Optional.of(policy(allow("Public", "'*'", null)))));

    assertThat(drift.observed()).isEqualTo("statement[Public]=Allow \"s3:GetObject\" to *");
  }

  @Test
  void neverWritesThePolicy() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).policy(policy(allow("Public", "'*'", null)));
    BucketPolicyView observed = Remediation.observe(control, s3, BUCKET);

    assertThat(control.plan(BucketSubject.of(s3, BUCKET), true, observed)).isEmpty();
    assertThat(s3.writes()).isZero();
  }
}
