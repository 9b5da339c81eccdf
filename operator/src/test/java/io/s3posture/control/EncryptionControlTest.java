package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.aws.DefaultEncryption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncryptionControlTest {

  private static final String BUCKET = "b";
  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/" + KEY_ID;
  private static final String ROTATED_KEY =
      "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09ab-09cd-09ef-0987654321ab";
  private static final String ATTACKER_KEY =
      "arn:aws:kms:us-east-1:999999999999:key/ffffffff-ffff-ffff-ffff-ffffffffffff";

  /** The same key id as KEY, in another account: not the same key. */
  private static final String SAME_ID_OTHER_ACCOUNT =
      "arn:aws:kms:us-east-1:999999999999:key/" + KEY_ID;

  private static final String KMS = "aws:kms";
  private static final String DSSE = "aws:kms:dsse";

  private final EncryptionControl control = new EncryptionControl();

  private static EncryptionRequirement sseS3(String... allowed) {
    return EncryptionRequirement.of(new EncryptionSpec(null, null, null, List.of(allowed), null));
  }

  private static EncryptionRequirement sseKms(Boolean bucketKey, String... allowed) {
    return EncryptionRequirement.of(
        new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, KEY, bucketKey, List.of(allowed), null));
  }

  private static EncryptionRequirement dsseKms(Boolean bucketKey) {
    return EncryptionRequirement.of(
        new EncryptionSpec(EncryptionAlgorithm.DSSE_KMS, KEY, bucketKey, null, null));
  }

  private static DefaultEncryption kms(String algorithm, String key, boolean bucketKey) {
    return new DefaultEncryption(algorithm, Optional.ofNullable(key), bucketKey);
  }

  @Test
  void desiredDefaultsToSseS3AndAcceptsTheKeyAndTheAllowedKeys() {
    assertThat(control.desired(controls().encryption(ControlsSpecBuilder.sseS3()).build()))
        .contains(
            new EncryptionRequirement(
                EncryptionAlgorithm.SSE_S3, Optional.empty(), Optional.empty(), Set.of()));
    assertThat(sseKms(true, ROTATED_KEY))
        .isEqualTo(
            new EncryptionRequirement(
                EncryptionAlgorithm.SSE_KMS,
                Optional.of(KEY),
                Optional.of(true),
                Set.of(KEY, ROTATED_KEY)));
    assertThat(control.desired(controls().build())).isEmpty();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("SSE-S3 required, SSE-S3", sseS3(), DefaultEncryption.SSE_S3, List.of()),
        Arguments.of(
            "ransomware: SSE-S3 required, re-keyed with an attacker's KMS key",
            sseS3(),
            kms(KMS, ATTACKER_KEY, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-S3 required, AWS managed KMS key",
            sseS3(),
            kms(KMS, null, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-S3 required, a key from allowedKmsKeys",
            sseS3(ROTATED_KEY),
            kms(KMS, ROTATED_KEY, true),
            List.of()),
        Arguments.of(
            "SSE-S3 required, allowed key reported by id",
            sseS3(KEY),
            kms(KMS, KEY_ID, false),
            List.of()),
        Arguments.of(
            "SSE-S3 required with allowed keys, attacker's key",
            sseS3(ROTATED_KEY),
            kms(KMS, ATTACKER_KEY, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-S3 required, DSSE with an allowed key",
            sseS3(KEY),
            kms(DSSE, KEY, false),
            List.of()),
        Arguments.of(
            "SSE-S3 required, unknown non-KMS algorithm",
            sseS3(),
            kms("SOMETHING", null, false),
            List.of("algorithm:PUT")),
        Arguments.of("SSE-KMS required, the key", sseKms(null), kms(KMS, KEY, false), List.of()),
        Arguments.of(
            "SSE-KMS required, the key reported by id",
            sseKms(null),
            kms(KMS, KEY_ID, false),
            List.of()),
        Arguments.of(
            "SSE-KMS required, another key id",
            sseKms(null),
            kms(KMS, "0000aaaa-0000-0000-0000-000000000000", false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-KMS required, same key id in another account",
            sseKms(null),
            kms(KMS, SAME_ID_OTHER_ACCOUNT, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-KMS required, SSE-S3",
            sseKms(null),
            DefaultEncryption.SSE_S3,
            List.of("algorithm:PUT")),
        Arguments.of(
            "SSE-KMS required, attacker's key",
            sseKms(null),
            kms(KMS, ATTACKER_KEY, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-KMS required, allowed (rotated) key",
            sseKms(null, ROTATED_KEY),
            kms(KMS, ROTATED_KEY, false),
            List.of()),
        Arguments.of(
            "SSE-KMS required, DSSE with the key (dual layer is stronger)",
            sseKms(null),
            kms(DSSE, KEY, false),
            List.of()),
        Arguments.of(
            "SSE-KMS required, DSSE with the attacker's key",
            sseKms(null),
            kms(DSSE, ATTACKER_KEY, false),
            List.of("kmsKey:PUT")),
        Arguments.of(
            "SSE-KMS with a bucket key required, DSSE (which cannot have one)",
            sseKms(true),
            kms(DSSE, KEY, false),
            List.of("bucketKeyEnabled:PUT", "algorithm:PUT")),
        Arguments.of(
            "DSSE-KMS required, SSE-KMS with the key",
            dsseKms(null),
            kms(KMS, KEY, false),
            List.of("algorithm:PUT")),
        Arguments.of(
            "DSSE-KMS required, DSSE with the key",
            dsseKms(null),
            kms(DSSE, KEY, false),
            List.of()),
        Arguments.of(
            "bucket key required on, off",
            sseKms(true),
            kms(KMS, KEY, false),
            List.of("bucketKeyEnabled:PUT")),
        Arguments.of(
            "bucket key required off, on",
            sseKms(false),
            kms(KMS, KEY, true),
            List.of("bucketKeyEnabled:PUT")),
        Arguments.of("bucket key not managed, on", sseKms(null), kms(KMS, KEY, true), List.of()),
        Arguments.of(
            "bucket key not compared without SSE-KMS (DSSE)",
            dsseKms(false),
            kms(DSSE, KEY, true),
            List.of()),
        Arguments.of(
            "bucket key not compared without SSE-KMS (SSE-S3)",
            EncryptionRequirement.of(new EncryptionSpec(null, null, false, null, null)),
            new DefaultEncryption(DefaultEncryption.AES256, Optional.empty(), true),
            List.of()),
        Arguments.of(
            "attacker's key and bucket key off",
            sseKms(true),
            kms(KMS, ATTACKER_KEY, false),
            List.of("kmsKey:PUT", "bucketKeyEnabled:PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name, EncryptionRequirement required, DefaultEncryption observed, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, observed))).isEqualTo(drift);
  }

  @Test
  void reKeyingDriftNamesTheAttackersKeyAndTheAcceptedOnes() {
    Drift drift = control.diff(sseS3(ROTATED_KEY), kms(KMS, ATTACKER_KEY, false));

    assertThat(drift.observed()).isEqualTo("kmsKey=" + ATTACKER_KEY);
    assertThat(drift.expected()).isEqualTo("kmsKey=" + ROTATED_KEY);
    assertThat(control.diff(sseS3(), kms(KMS, null, false)).observed())
        .isEqualTo("kmsKey=" + EncryptionControl.AWS_MANAGED_KEY);
    assertThat(control.diff(sseS3(), kms(KMS, ATTACKER_KEY, false)).expected())
        .isEqualTo("kmsKey=no KMS key (SSE-S3)");
  }

  static Stream<Arguments> remediations() {
    return Stream.of(
        Arguments.of(
            "ransomware key replaced by SSE-S3",
            sseS3(),
            kms(KMS, ATTACKER_KEY, true),
            DefaultEncryption.SSE_S3),
        Arguments.of(
            "SSE-KMS with the required bucket key",
            sseKms(true),
            DefaultEncryption.SSE_S3,
            kms(KMS, KEY, true)),
        Arguments.of(
            "unmanaged bucket key kept",
            sseKms(null),
            kms(KMS, ATTACKER_KEY, true),
            kms(KMS, KEY, true)),
        Arguments.of(
            "unmanaged bucket key off",
            sseKms(null),
            DefaultEncryption.SSE_S3,
            kms(KMS, KEY, false)),
        Arguments.of(
            "DSSE re-keyed by an attacker stays dual-layer with the approved key",
            sseKms(null),
            kms(DSSE, ATTACKER_KEY, false),
            kms(DSSE, KEY, false)),
        Arguments.of(
            "a required bucket key is only possible with SSE-KMS",
            sseKms(true),
            kms(DSSE, KEY, false),
            kms(KMS, KEY, true)),
        Arguments.of(
            "no bucket key with DSSE-KMS",
            dsseKms(null),
            kms(KMS, KEY, true),
            kms(DSSE, KEY, false)),
        Arguments.of(
            "an SSE-C block is kept when the key is corrected",
            sseKms(true),
            kms(KMS, ATTACKER_KEY, false).withBlockedEncryptionTypes(Set.of("SSE-C")),
            kms(KMS, KEY, true).withBlockedEncryptionTypes(Set.of("SSE-C"))),
        Arguments.of(
            "an explicit NONE is written back as read",
            sseS3(),
            kms(KMS, ATTACKER_KEY, false).withBlockedEncryptionTypes(Set.of("NONE")),
            DefaultEncryption.SSE_S3.withBlockedEncryptionTypes(Set.of("NONE"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("remediations")
  void remediationWritesTheRequiredEncryptionOnly(
      String name,
      EncryptionRequirement required,
      DefaultEncryption observed,
      DefaultEncryption written) {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).encryption(observed);

    Remediation.apply(control, s3, BUCKET, required, observed);

    assertThat(s3.bucket(BUCKET).encryption.get()).isEqualTo(written);
    assertThat(s3.calls()).containsExactly("PutBucketEncryption");
    assertThat(control.diff(required, s3.bucket(BUCKET).encryption.get()).isNone()).isTrue();
  }

  @Test
  void rewritingDualLayerForABucketKeyIsNamed() {
    Drift drift = control.diff(sseKms(true), kms(DSSE, KEY, false));

    assertThat(drift.expected())
        .contains(
            "algorithm=aws:kms (a bucket key needs SSE-KMS: dual-layer DSSE-KMS cannot have one)");
    assertThat(drift.observed()).contains("algorithm=" + DSSE);
  }
}
