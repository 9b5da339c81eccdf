package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.NoExternalAccessSpec;
import io.s3posture.api.v1alpha1.TlsOnlySpec;
import io.s3posture.api.v1alpha1.TlsVersion;
import io.s3posture.api.v1alpha1.VpcEndpointOnlySpec;
import io.s3posture.aws.DefaultEncryption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bucket-policy controls together on the engine: the policy is read once per check, every
 * statement the operator does not own is kept exactly (in place), the owned statements of all
 * controls go out in one PutBucketPolicy, a compliant bucket and Audit cost no write, and a second
 * check finds nothing to do.
 */
class StatementControlsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "b";
  private static final String ARN = "arn:aws:s3:::b";
  private static final String OPERATOR = "arn:aws:iam::111122223333:role/s3-posture";
  private static final String KEY =
      "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
  private static final String ROTATED =
      "arn:aws:kms:eu-west-1:111122223333:key/99999999-2222-3333-4444-555555555555";

  /** Statements the operator did not write, in an order and shape it must keep. */
  private static final String FOREIGN =
      "{\"Sid\":\"ReadForPartner\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:role/b\",\"arn:aws:iam::111122223333:role/a\"]},"
          + "\"Action\":[\"s3:ListBucket\",\"s3:GetObject\"],"
          + "\"Resource\":[\"arn:aws:s3:::b/*\",\"arn:aws:s3:::b\"],"
          + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abcdefghij\"}}},"
          + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteBucket\","
          + "\"Resource\":\"arn:aws:s3:::b\"}";

  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(3, Duration.ZERO, d -> {}), catalog.bucketRunOrder());

  private static ControlsSpec allStatements(Mode vpcMode) {
    return controls()
        .encryption(
            new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, null, List.of(ROTATED), null))
        .tlsOnly(new TlsOnlySpec(null, TlsVersion.TLS_1_2))
        .denyUnapprovedKmsKeys(on())
        .vpcEndpointOnly(
            new VpcEndpointOnlySpec(
                List.of("vpce-1a2b3c4d"), List.of("arn:aws:iam::111122223333:role/ci"), vpcMode))
        .noPublicPolicy(on())
        .noExternalAccess(new NoExternalAccessSpec(List.of(), List.of("o-abcdefghij"), null))
        .build();
  }

  private List<ControlOutcome> run(ControlsSpec spec, Mode mode) {
    return check.runAlone(
        BucketSubject.of(s3, BUCKET, Optional.of(OPERATOR)), catalog.managedBy(spec, mode));
  }

  private void foreignPolicy() {
    s3.bucket(BUCKET)
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + FOREIGN + "]}")
        .acl(FakeS3Gateway.privateAcl())
        .encryption(new DefaultEncryption("aws:kms", Optional.of(KEY), false));
  }

  private JsonNode written() throws Exception {
    return JSON.readTree(s3.bucket(BUCKET).policy.get().orElseThrow());
  }

  @Test
  void oneReadAndOneWriteForEveryOwnedStatementAndTheOtherStatementsKeptInPlace() throws Exception {
    foreignPolicy();
    JsonNode before = JSON.readTree("[" + FOREIGN + "]");

    List<ControlOutcome> outcomes = run(allStatements(Mode.Enforce), Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketPolicy");
    // one read to decide, one read back shared by the three controls of the merged write
    assertThat(s3.calls("GetBucketPolicy")).isEqualTo(2);
    JsonNode statements = written().get("Statement");
    assertThat(statements.get(0)).isEqualTo(before.get(0));
    assertThat(statements.get(1)).isEqualTo(before.get(1));
    List<String> sids = new ArrayList<>();
    statements.forEach(s -> sids.add(s.path("Sid").asText()));
    assertThat(sids)
        .containsExactly(
            "ReadForPartner",
            "",
            TlsOnlyControl.SID,
            TlsOnlyControl.MINIMUM_TLS_SID,
            DenyUnapprovedKmsKeysControl.SID,
            VpcEndpointOnlyControl.SID);
    assertThat(outcomes)
        .filteredOn(o -> o.state() == OutcomeState.CORRECTED)
        .extracting(o -> o.control().specName())
        .containsExactly("tlsOnly", "denyUnapprovedKmsKeys", "vpcEndpointOnly");
    assertThat(outcomes)
        .filteredOn(o -> o.state() != OutcomeState.CORRECTED)
        .allSatisfy(
            o -> assertThat(o.state()).as("%s", o.control()).isEqualTo(OutcomeState.COMPLIANT));
  }

  @Test
  void aSecondCheckReadsOnceAndWritesNothing() {
    foreignPolicy();
    run(allStatements(Mode.Enforce), Mode.Enforce);
    s3.resetCalls();

    List<ControlOutcome> again = run(allStatements(Mode.Enforce), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(s3.calls("GetBucketPolicy")).isEqualTo(1);
    assertThat(again).allSatisfy(o -> assertThat(o.state()).isEqualTo(OutcomeState.COMPLIANT));
  }

  @Test
  void auditReadsOnceAndNeverWrites() {
    foreignPolicy();

    List<ControlOutcome> outcomes = run(allStatements(Mode.Audit), Mode.Audit);

    assertThat(s3.writes()).isZero();
    assertThat(s3.calls("GetBucketPolicy")).isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(o -> o.state() == OutcomeState.DRIFTED)
        .extracting(o -> o.control().specName())
        .containsExactly("tlsOnly", "denyUnapprovedKmsKeys", "vpcEndpointOnly");
  }

  @Test
  void vpcEndpointOnlyIsAuditUnlessItsOwnModeSaysEnforce() throws Exception {
    foreignPolicy();

    List<ControlOutcome> outcomes = run(allStatements(null), Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketPolicy");
    assertThat(written().toString()).doesNotContain(VpcEndpointOnlyControl.SID);
    assertThat(outcomes)
        .filteredOn(o -> o.control().specName().equals("vpcEndpointOnly"))
        .singleElement()
        .satisfies(o -> assertThat(o.reasonLabel()).isEqualTo("AuditMode"));
  }

  static Stream<Arguments> singleControls() {
    return Stream.of(
        Arguments.of("tlsOnly", controls().tlsOnly(ControlsSpecBuilder.tls()).build()),
        Arguments.of(
            "tlsOnly with a minimum version",
            controls().tlsOnly(new TlsOnlySpec(null, TlsVersion.TLS_1_3)).build()),
        Arguments.of(
            "denyUnapprovedKmsKeys",
            controls()
                .encryption(new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, null, null, null))
                .denyUnapprovedKmsKeys(on())
                .build()),
        Arguments.of(
            "vpcEndpointOnly",
            controls()
                .vpcEndpointOnly(
                    new VpcEndpointOnlySpec(List.of("vpce-1a2b3c4d"), List.of(), Mode.Enforce))
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleControls")
  void eachControlKeepsOtherStatementsSemanticallyAndIsIdempotent(String name, ControlsSpec spec)
      throws Exception {
    foreignPolicy();
    JsonNode before = JSON.readTree("[" + FOREIGN + "]");

    run(spec, Mode.Enforce);
    s3.resetCalls();
    List<ControlOutcome> again = run(spec, Mode.Enforce);

    PolicyDocument document = PolicyDocument.parse(written().toString()).orElseThrow();
    before.forEach(statement -> assertThat(document.containsEquivalent(statement)).isTrue());
    assertThat(written().get("Statement").get(0)).isEqualTo(before.get(0));
    assertThat(s3.writes()).as("idempotent").isZero();
    assertThat(again).allSatisfy(o -> assertThat(o.state()).isEqualTo(OutcomeState.COMPLIANT));
  }
}
