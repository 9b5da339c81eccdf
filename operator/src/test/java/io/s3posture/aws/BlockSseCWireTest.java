package io.s3posture.aws;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import io.s3posture.testing.StubHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * blockSseC read, judged and written by the engine through the real SDK client against S3's XML
 * (moto 5.2.1 drops BlockedEncryptionTypes from GetBucketEncryption, so this is where the round
 * trip is proven): a rule without the block is drift, the one PutBucketEncryption adds SSE-C and
 * keeps the rest of the rule (merged with the encryption control's correction), and the read-back
 * shows the block.
 */
class BlockSseCWireTest {

  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";
  private static final String ATTACKER = "arn:aws:kms:us-east-1:666666666666:key/attacker";
  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private static final String BLOCKED =
      "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes>";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.bucketRunOrder());

  private static String rule(String key, String inner) {
    return XML
        + "<ServerSideEncryptionConfiguration"
        + NS
        + "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
        + "<KMSMasterKeyID>"
        + key
        + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
        + "<BucketKeyEnabled>true</BucketKeyEnabled>"
        + inner
        + "</Rule></ServerSideEncryptionConfiguration>";
  }

  private List<ControlOutcome> run(ControlsSpec spec, Mode mode) {
    return check.runAlone(
        BucketSubject.of(stub.gateway(Optional.empty()), "b"), catalog.managedBy(spec, mode));
  }

  private static List<StubHttpServer.Request> puts() {
    return stub.requests().stream().filter(r -> r.method().equals("PUT")).toList();
  }

  @Test
  void aRuleWithoutTheBlockGetsItAndKeepsEverythingElse() {
    stub.answer("PUT", 200, "");
    stub.answerInTurn("GET", 200, rule(KEY, ""), rule(KEY, BLOCKED));

    List<ControlOutcome> outcomes =
        run(controls().blockSseC(new BasicControlSpec(null)).build(), Mode.Enforce);

    assertThat(puts()).hasSize(1);
    assertThat(puts().get(0).body())
        .contains(
            "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>"
                + KEY
                + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                + "<BucketKeyEnabled>true</BucketKeyEnabled>"
                + BLOCKED
                + "</Rule>");
    assertThat(outcomes.get(0).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void aBlockedRuleIsCompliantAndNotWritten() {
    stub.answer("PUT", 200, "");
    stub.answerInTurn("GET", 200, rule(KEY, BLOCKED));

    List<ControlOutcome> outcomes =
        run(controls().blockSseC(new BasicControlSpec(null)).build(), Mode.Enforce);

    assertThat(puts()).isEmpty();
    assertThat(outcomes.get(0).state()).isEqualTo(OutcomeState.COMPLIANT);
  }

  @Test
  void theEncryptionCorrectionAndTheBlockGoOutAsOnePut() {
    stub.answer("PUT", 200, "");
    stub.answerInTurn("GET", 200, rule(ATTACKER, ""), rule(KEY, BLOCKED));
    ControlsSpec spec =
        controls()
            .encryption(new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, true, null, null))
            .blockSseC(new BasicControlSpec(null))
            .build();

    List<ControlOutcome> outcomes = run(spec, Mode.Enforce);

    assertThat(puts()).hasSize(1);
    assertThat(puts().get(0).body()).contains(KEY).contains(BLOCKED).doesNotContain(ATTACKER);
    assertThat(outcomes).allSatisfy(o -> assertThat(o.state()).isEqualTo(OutcomeState.CORRECTED));
    assertThat(stub.requests().stream().filter(r -> r.method().equals("GET")))
        .as("one read, one read-back shared by both controls")
        .hasSize(2);
  }

  @Test
  void anExplicitNoneIsReplacedBySseC() {
    stub.answer("PUT", 200, "");
    stub.answerInTurn(
        "GET",
        200,
        rule(
            KEY,
            "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType></BlockedEncryptionTypes>"),
        rule(KEY, BLOCKED));

    run(controls().blockSseC(new BasicControlSpec(null)).build(), Mode.Enforce);

    assertThat(puts().get(0).body()).contains(BLOCKED).doesNotContain(">NONE<");
  }

  @Test
  void auditReadsAndNeverWrites() {
    stub.answer("PUT", 200, "");
    stub.answerInTurn("GET", 200, rule(KEY, ""));

    List<ControlOutcome> outcomes =
        run(controls().blockSseC(new BasicControlSpec(null)).build(), Mode.Audit);

    assertThat(puts()).isEmpty();
    assertThat(outcomes.get(0).reasonLabel()).isEqualTo("AuditMode");
  }
}
