package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.DefaultEncryption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockSseCControlTest {

  private static final String BUCKET = "b";
  private static final String KEY =
      "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
  private static final String ATTACKER = "arn:aws:kms:eu-west-1:666666666666:key/attacker";
  private static final DefaultEncryption KMS =
      new DefaultEncryption("aws:kms", Optional.of(KEY), true);

  private final BlockSseCControl control = new BlockSseCControl();
  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.bucketRunOrder());

  private List<ControlOutcome> run(ControlsSpec spec, Mode mode) {
    return check.runAlone(BucketSubject.of(s3, BUCKET), catalog.managedBy(spec, mode));
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("nothing blocked", Set.of(), List.of("blockedEncryptionTypes:PUT")),
        Arguments.of("NONE: SSE-C allowed", Set.of("NONE"), List.of("blockedEncryptionTypes:PUT")),
        Arguments.of("SSE-C blocked", Set.of("SSE-C"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, Set<String> blocked, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(true, KMS.withBlockedEncryptionTypes(blocked))))
        .isEqualTo(drift);
  }

  @Test
  void managedWhenNamedAndTwoPoliciesAlwaysAgree() {
    assertThat(control.desired(controls().blockSseC(on()).build())).contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
    assertThat(control.combine(true, true)).contains(true);
  }

  @Test
  void theWriteBlocksSseCAndKeepsTheRestOfTheRule() {
    s3.bucket(BUCKET).encryption(KMS.withBlockedEncryptionTypes(Set.of("NONE")));

    List<ControlOutcome> outcomes = run(controls().blockSseC(on()).build(), Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketEncryption");
    assertThat(s3.bucket(BUCKET).encryption.get())
        .isEqualTo(KMS.withBlockedEncryptionTypes(Set.of("SSE-C")));
    assertThat(outcomes.get(0).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void itsWriteMergesWithTheEncryptionControlsIntoOnePut() {
    s3.bucket(BUCKET).encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER), false));
    ControlsSpec spec =
        controls()
            .encryption(new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, true, null, null))
            .blockSseC(on())
            .build();

    List<ControlOutcome> outcomes = run(spec, Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutBucketEncryption");
    assertThat(s3.bucket(BUCKET).encryption.get())
        .isEqualTo(KMS.withBlockedEncryptionTypes(Set.of("SSE-C")));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.state()).isEqualTo(OutcomeState.CORRECTED));
    assertThat(s3.calls("GetBucketEncryption")).as("one read, one shared read-back").isEqualTo(2);
  }

  @Test
  void theEncryptionControlNeverUnblocks() {
    s3.bucket(BUCKET)
        .encryption(
            new DefaultEncryption("aws:kms", Optional.of(ATTACKER), false, Set.of("SSE-C")));

    run(
        controls()
            .encryption(new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, true, null, null))
            .build(),
        Mode.Enforce);

    assertThat(s3.bucket(BUCKET).encryption.get().blocksSseC()).isTrue();
  }

  @Test
  void auditAndACompliantBucketCostNoWriteAndASecondCheckNone() {
    s3.bucket(BUCKET).encryption(KMS);

    assertThat(run(controls().blockSseC(on()).build(), Mode.Audit).get(0).reasonLabel())
        .isEqualTo("AuditMode");
    assertThat(s3.writes()).isZero();

    run(controls().blockSseC(on()).build(), Mode.Enforce);
    s3.resetCalls();
    List<ControlOutcome> again = run(controls().blockSseC(on()).build(), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(again.get(0).state()).isEqualTo(OutcomeState.COMPLIANT);
  }
}
