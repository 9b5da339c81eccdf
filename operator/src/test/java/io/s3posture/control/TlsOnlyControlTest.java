package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.TlsVersion;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsOnlyControlTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "b";
  private static final String ARN = "arn:aws:s3:::b";

  private static final TlsOnlyControl.Requirement TLS = TlsOnlyControl.Requirement.TLS_ONLY;

  private final TlsOnlyControl control = new TlsOnlyControl();

  /** JSON written with single quotes, for compact tables. */
  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** A policy with these statements (JSON objects, single-quoted). */
  private static String policy(String... statements) {
    return q("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
  }

  private static final String TLS_STATEMENT =
      "{'Sid':'S3PostureDenyInsecureTransport','Effect':'Deny','Principal':'*','Action':'s3:*',"
          + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
          + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}";

  private static final String READ_FOR_ROLE =
      "{'Sid':'ReadForRole','Effect':'Allow',"
          + "'Principal':{'AWS':['arn:aws:iam::111122223333:role/a','arn:aws:iam::111122223333:role/b']},"
          + "'Action':['s3:GetObject','s3:ListBucket'],"
          + "'Resource':['arn:aws:s3:::b/*','arn:aws:s3:::b'],"
          + "'Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-abc'},'IpAddress':{'aws:SourceIp':['10.0.0.0/8']}}}";

  private static final String DENY_DELETE =
      "{'Effect':'Deny','Principal':'*','Action':'s3:DeleteBucket','Resource':'arn:aws:s3:::b'}";

  @Test
  void managedWhenNamed() {
    assertThat(control.desired(controls().tlsOnly(ControlsSpecBuilder.tls()).build()))
        .contains(TlsOnlyControl.Requirement.TLS_ONLY);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of(
            "no bucket policy", null, List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of("our statement", policy(TLS_STATEMENT), List.of()),
        Arguments.of(
            "equivalent under another Sid",
            policy(
                "{'Sid':'ForceTLS','Effect':'Deny','Principal':'*','Action':'s3:*',"
                    + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
                    + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}"),
            List.of()),
        Arguments.of(
            "equivalent without a Sid, arrays for single values, resources reordered",
            policy(
                "{'Effect':'Deny','Principal':'*','Action':['s3:*'],"
                    + "'Resource':['arn:aws:s3:::b/*','arn:aws:s3:::b'],"
                    + "'Condition':{'Bool':{'aws:SecureTransport':['false']}}}"),
            List.of()),
        Arguments.of(
            "boolean false instead of the string",
            policy(
                "{'Sid':'x','Effect':'Deny','Principal':'*','Action':'s3:*',"
                    + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
                    + "'Condition':{'Bool':{'aws:SecureTransport':false}}}"),
            List.of()),
        Arguments.of(
            "single statement object instead of an array",
            q("{'Version':'2012-10-17','Statement':" + TLS_STATEMENT + "}"),
            List.of()),
        Arguments.of(
            "among other statements", policy(READ_FOR_ROLE, TLS_STATEMENT, DENY_DELETE), List.of()),
        Arguments.of(
            "only other statements",
            policy(READ_FOR_ROLE, DENY_DELETE),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of(
            "condition inverted",
            policy(TLS_STATEMENT.replace("'false'", "'true'")),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of(
            "objects not covered",
            policy(TLS_STATEMENT.replace(",'arn:aws:s3:::b/*'", "")),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of(
            "another bucket's statement",
            policy(TLS_STATEMENT.replace("arn:aws:s3:::b", "arn:aws:s3:::other")),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of(
            "Allow instead of Deny",
            policy(TLS_STATEMENT.replace("'Deny'", "'Allow'")),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of(
            "only some actions",
            policy(TLS_STATEMENT.replace("'s3:*'", "'s3:GetObject'")),
            List.of("statement[S3PostureDenyInsecureTransport]:PUT")),
        Arguments.of("unparseable policy", "{\"Version\": ", List.of("policy:NOT_REMEDIABLE")),
        Arguments.of("not a JSON object", "[]", List.of("policy:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, String policyJson, List<String> drift) {
    BucketPolicyView observed = new BucketPolicyView(ARN, Optional.ofNullable(policyJson));

    assertThat(DriftSummary.of(control.diff(TLS, observed))).isEqualTo(drift);
  }

  @Test
  void driftSaysWhetherThereIsAPolicyAtAll() {
    assertThat(control.diff(TLS, new BucketPolicyView(ARN, Optional.empty())).observed())
        .isEqualTo("statement[S3PostureDenyInsecureTransport]=no bucket policy");
    assertThat(
            control
                .diff(TLS, new BucketPolicyView(ARN, Optional.of(policy(DENY_DELETE))))
                .observed())
        .isEqualTo("statement[S3PostureDenyInsecureTransport]=missing");
  }

  @Test
  void remediationAppendsTheStatementAndKeepsEveryOtherStatementExactly() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway();
    String existing = policy(READ_FOR_ROLE, DENY_DELETE);
    s3.bucket(BUCKET).policy(existing);

    Remediation.apply(control, s3, BUCKET, TLS, Remediation.policy(s3, BUCKET));

    assertThat(s3.writeCalls()).containsExactly("PutBucketPolicy");
    JsonNode written = JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow());
    JsonNode before = JSON.readTree(existing);
    assertThat(written.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(written.get("Statement"))
        .containsExactly(
            before.get("Statement").get(0),
            before.get("Statement").get(1),
            JSON.readTree(q(TLS_STATEMENT)));
  }

  @Test
  void remediationReplacesATamperedStatementWithOurSidInPlace() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway();
    String tampered = TLS_STATEMENT.replace("'false'", "'true'");
    s3.bucket(BUCKET).policy(policy(READ_FOR_ROLE, tampered, DENY_DELETE));

    Remediation.apply(control, s3, BUCKET, TLS, Remediation.policy(s3, BUCKET));

    JsonNode written = JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow());
    assertThat(written.get("Statement"))
        .containsExactly(
            JSON.readTree(q(READ_FOR_ROLE)),
            JSON.readTree(q(TLS_STATEMENT)),
            JSON.readTree(q(DENY_DELETE)));
  }

  @Test
  void remediationOfABucketWithoutPolicyWritesAPolicyWithOnlyTheStatement() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET);

    Remediation.apply(control, s3, BUCKET, TLS, Remediation.policy(s3, BUCKET));

    assertThat(JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow()))
        .isEqualTo(JSON.readTree(policy(TLS_STATEMENT)));
    assertThat(control.diff(TLS, Remediation.policy(s3, BUCKET)).isNone()).isTrue();
  }

  @Test
  void remediationOfASingleStatementPolicyWithoutVersionKeepsTheStatement() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).policy(q("{'Statement':" + DENY_DELETE + "}"));

    Remediation.apply(control, s3, BUCKET, TLS, Remediation.policy(s3, BUCKET));

    assertThat(JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow()))
        .isEqualTo(JSON.readTree(policy(DENY_DELETE, TLS_STATEMENT)));
  }

  @Test
  void theStatementNamesTheBucketInTheGatewaysPartition() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway().partition("aws-cn");
    s3.bucket(BUCKET);

    BucketPolicyView view = Remediation.policy(s3, BUCKET);
    Remediation.apply(control, s3, BUCKET, TLS, view);

    assertThat(view.bucketArn()).isEqualTo("arn:aws-cn:s3:::b");
    assertThat(
            JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow()).at("/Statement/0/Resource"))
        .containsExactly(
            JSON.getNodeFactory().textNode("arn:aws-cn:s3:::b"),
            JSON.getNodeFactory().textNode("arn:aws-cn:s3:::b/*"));
  }

  // minimum TLS version

  private static final TlsOnlyControl.Requirement TLS_1_2 =
      new TlsOnlyControl.Requirement(Optional.of(TlsVersion.TLS_1_2));

  private static final String OLD_TLS =
      "{'Sid':'S3PostureDenyOldTls','Effect':'Deny','Principal':'*','Action':'s3:*',"
          + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
          + "'Condition':{'NumericLessThan':{'s3:TlsVersion':'1.2'}}}";

  static Stream<Arguments> minimumVersionDiffs() {
    return Stream.of(
        Arguments.of(
            "only TLS-only", policy(TLS_STATEMENT), List.of("statement[S3PostureDenyOldTls]:PUT")),
        Arguments.of("both statements", policy(TLS_STATEMENT, OLD_TLS), List.of()),
        Arguments.of(
            "the version as a number, under another Sid",
            policy(
                TLS_STATEMENT,
                OLD_TLS.replace("'1.2'", "1.2").replace("S3PostureDenyOldTls", "MinTls")),
            List.of()),
        Arguments.of(
            "a higher minimum satisfies a lower one",
            policy(TLS_STATEMENT, OLD_TLS.replace("'1.2'", "'1.3'")),
            List.of()),
        Arguments.of(
            "a lower minimum does not",
            policy(TLS_STATEMENT, OLD_TLS.replace("'1.2'", "'1.1'")),
            List.of("statement[S3PostureDenyOldTls]:PUT")),
        Arguments.of(
            "neither",
            null,
            List.of(
                "statement[S3PostureDenyInsecureTransport]:PUT",
                "statement[S3PostureDenyOldTls]:PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("minimumVersionDiffs")
  void minimumVersion(String name, String policyJson, List<String> drift) {
    assertThat(
            DriftSummary.of(
                control.diff(TLS_1_2, new BucketPolicyView(ARN, Optional.ofNullable(policyJson)))))
        .isEqualTo(drift);
  }

  @Test
  void theMinimumVersionStatementIsWrittenWithTheOtherInOnePut() throws Exception {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).policy(policy(DENY_DELETE));

    Remediation.apply(control, s3, BUCKET, TLS_1_2, Remediation.policy(s3, BUCKET));

    assertThat(s3.writeCalls()).containsExactly("PutBucketPolicy");
    assertThat(JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow()))
        .isEqualTo(JSON.readTree(policy(DENY_DELETE, TLS_STATEMENT, OLD_TLS)));
  }

  @Test
  void theStricterMinimumWinsWhenPoliciesCombine() {
    TlsOnlyControl.Requirement tls13 =
        new TlsOnlyControl.Requirement(Optional.of(TlsVersion.TLS_1_3));

    assertThat(control.combine(TLS, TLS_1_2)).contains(TLS_1_2);
    assertThat(control.combine(tls13, TLS_1_2)).contains(tls13);
    assertThat(control.combine(TLS_1_2, TLS)).contains(TLS_1_2);
  }

  @Test
  void reviewersReadTheMinimumVersionDrift() {
    FieldDrift presented =
        TlsOnlyControl.present(
            control
                .diff(TLS_1_2, new BucketPolicyView(ARN, Optional.of(policy(TLS_STATEMENT))))
                .fields()
                .get(0));

    assertThat(presented.field()).isEqualTo("bucketPolicy");
    assertThat(presented.expected())
        .isEqualTo("a statement that denies s3:* over TLS older than 1.2 (any Sid)");
    assertThat(presented.observed()).isEqualTo("no such statement");
  }
}
