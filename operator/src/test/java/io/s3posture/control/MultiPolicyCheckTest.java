package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.VersioningState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Several policies governing one bucket: one check, the requirements combined into the stricter
 * one, a Conflict only when no value satisfies them all, and never less protection than any one of
 * them asks for.
 */
class MultiPolicyCheckTest {

  private static final String BUCKET = "shared";
  private static final String K1 =
      "arn:aws:kms:us-east-1:111122223333:key/11111111-1111-1111-1111-111111111111";
  private static final String K2 =
      "arn:aws:kms:us-east-1:111122223333:key/22222222-2222-2222-2222-222222222222";
  private static final String ATTACKER =
      "arn:aws:kms:us-east-1:999999999999:key/ffffffff-ffff-ffff-ffff-ffffffffffff";
  private static final PolicyRef A = new PolicyRef("BucketPolicy", "team-a", "baseline", "a");
  private static final PolicyRef B = new PolicyRef("BucketPolicy", "team-b", "strict", "b");

  private final FakeS3Gateway s3 = new FakeS3Gateway();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.bucketRunOrder());

  private Map<PolicyRef, List<ControlOutcome>> run(
      ControlsSpec a, Mode aMode, ControlsSpec b, Mode bMode) {
    return check.run(
        BucketSubject.of(s3, BUCKET),
        List.of(
            new TargetCheck.PolicyControls<>(A, catalog.managedBy(a, aMode)),
            new TargetCheck.PolicyControls<>(B, catalog.managedBy(b, bMode))));
  }

  private static ControlOutcome only(List<ControlOutcome> outcomes) {
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  private static ControlsSpec kms(String key, String... allowed) {
    return controls()
        .encryption(
            new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, key, null, List.of(allowed), null))
        .build();
  }

  /** The regression of issue 12 item 2: a stricter policy used to switch protection off. */
  @Test
  void aStricterVersioningPolicyCombinesWithTheBaselineInsteadOfConflicting() {
    s3.bucket(BUCKET).versioning(new VersioningState(VersioningState.Status.SUSPENDED, false));
    ControlsSpec baseline = controls().versioning(new VersioningSpec(null, null, null)).build();
    ControlsSpec strict =
        controls()
            .versioning(new VersioningSpec(null, VersioningSpec.MfaDelete.Required, null))
            .build();

    Map<PolicyRef, List<ControlOutcome>> outcomes =
        run(baseline, Mode.Enforce, strict, Mode.Enforce);

    assertThat(s3.bucket(BUCKET).versioning.get().status())
        .isEqualTo(VersioningState.Status.ENABLED);
    assertThat(s3.writeCalls()).containsExactly("PutBucketVersioning");
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(only(outcomes.get(B)).state())
        .as("MFA delete still needs a person")
        .isEqualTo(OutcomeState.NEEDS_HUMAN);
  }

  @Test
  void blockPublicAccessFlagsOfTwoPoliciesAreWrittenTogetherOnce() {
    s3.bucket(BUCKET).publicAccessBlock(PublicAccessBlock.NONE);
    ControlsSpec acls =
        controls()
            .publicAccessBlock(new PublicAccessBlockSpec(true, true, false, false, null))
            .build();
    ControlsSpec policies =
        controls()
            .publicAccessBlock(new PublicAccessBlockSpec(false, false, true, true, null))
            .build();

    Map<PolicyRef, List<ControlOutcome>> outcomes = run(acls, Mode.Enforce, policies, Mode.Enforce);

    assertThat(s3.writeCalls()).containsExactly("PutPublicAccessBlock");
    assertThat(s3.bucket(BUCKET).publicAccessBlock.get()).isEqualTo(PublicAccessBlock.ALL);
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(only(outcomes.get(B)).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void aKeyBothPoliciesAcceptIsCompatible() {
    s3.bucket(BUCKET).encryption(DefaultEncryption.SSE_S3);

    Map<PolicyRef, List<ControlOutcome>> outcomes =
        run(kms(K1, K2), Mode.Enforce, kms(K2), Mode.Enforce);

    assertThat(s3.bucket(BUCKET).encryption.get().kmsKeyId()).contains(K2);
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(only(outcomes.get(B)).state()).isEqualTo(OutcomeState.CORRECTED);
  }

  @Test
  void incompatibleKeysConflictButAnAttackersKeyIsStillReplaced() {
    s3.bucket(BUCKET).encryption(new DefaultEncryption("aws:kms", Optional.of(ATTACKER), false));

    Map<PolicyRef, List<ControlOutcome>> first = run(kms(K1), Mode.Enforce, kms(K2), Mode.Enforce);

    assertThat(s3.bucket(BUCKET).encryption.get().kmsKeyId())
        .as("neither policy accepted the attacker's key: the first policy's key is written")
        .contains(K1);
    assertThat(only(first.get(A)).state()).isEqualTo(OutcomeState.CONFLICT);
    assertThat(only(first.get(B)).state()).isEqualTo(OutcomeState.CONFLICT);
    assertThat(only(first.get(B)).message()).contains("team-a/baseline", "team-b/strict");

    int writes = s3.writes();
    for (int round = 0; round < 3; round++) {
      run(kms(K1), Mode.Enforce, kms(K2), Mode.Enforce);
    }
    assertThat(s3.writes()).as("no flip-flop").isEqualTo(writes);
  }

  @Test
  void whenTheBucketAlreadySatisfiesOneOfTwoIncompatiblePoliciesNothingIsWrittenAndBothKnow() {
    s3.bucket(BUCKET).encryption(new DefaultEncryption("aws:kms", Optional.of(K2), false));

    Map<PolicyRef, List<ControlOutcome>> outcomes =
        run(kms(K1), Mode.Enforce, kms(K2), Mode.Enforce);

    assertThat(s3.writes()).isZero();
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CONFLICT);
    assertThat(only(outcomes.get(B)).state()).isEqualTo(OutcomeState.CONFLICT);
    assertThat(only(outcomes.get(B)).message()).contains("keeps this policy's value");
  }

  @Test
  void anAuditPolicyNeverKeepsAnEnforcingOneFromWriting() {
    s3.bucket(BUCKET).encryption(DefaultEncryption.SSE_S3);

    Map<PolicyRef, List<ControlOutcome>> outcomes = run(kms(K1), Mode.Enforce, kms(K2), Mode.Audit);

    assertThat(s3.bucket(BUCKET).encryption.get().kmsKeyId()).contains(K1);
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(only(outcomes.get(B)).state())
        .as("reported against the final state")
        .isEqualTo(OutcomeState.DRIFTED);
  }

  @Test
  void theSameStatementFromTwoPoliciesIsOneStatementInOnePut() {
    s3.bucket(BUCKET);
    ControlsSpec tls = controls().tlsOnly(ControlsSpecBuilder.tls()).build();

    Map<PolicyRef, List<ControlOutcome>> outcomes = run(tls, Mode.Enforce, tls, Mode.Enforce);

    assertThat(s3.calls()).containsExactly("GetBucketPolicy", "PutBucketPolicy", "GetBucketPolicy");
    assertThat(
            PolicyDocument.parse(s3.bucket(BUCKET).policy.get().orElseThrow())
                .orElseThrow()
                .statements())
        .hasSize(1);
    assertThat(only(outcomes.get(A)).state()).isEqualTo(OutcomeState.CORRECTED);
    assertThat(only(outcomes.get(B)).state()).isEqualTo(OutcomeState.CORRECTED);
  }
}
