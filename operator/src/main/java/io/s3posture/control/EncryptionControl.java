package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.aws.DefaultEncryption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Default encryption with an approved algorithm and key. A bucket using KMS with a key that is not
 * accepted is drift whatever the required algorithm: this is how a ransomware re-keying with an
 * attacker's key is caught. A KMS key from the accepted list also satisfies SSE-S3 (it is
 * stronger), so the operator never downgrades an approved KMS bucket.
 */
public final class EncryptionControl
    implements BucketControl<EncryptionRequirement, DefaultEncryption> {

  public static final ControlInfo INFO =
      ControlInfo.of("encryption", "PutBucketEncryption", "DeleteBucketEncryption")
          .audited(
              CheckInfo.of(
                      "encryption",
                      Severity.HIGH,
                      "Default encryption with an accepted algorithm and key",
                      "New objects are encrypted at rest; a KMS key that is not accepted may be an"
                          + " attacker's.")
                  .mappedTo(FrameworkMapping.securityHub("S3.17"))
                  .mitigates(AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT)
                  .withPassDetail(EncryptionControl::passDetail));

  static final String AWS_MANAGED_KEY = "aws/s3 (AWS managed key)";

  /** What a passing check found: the algorithm and KMS key in use, for a reviewer. */
  static Optional<String> passDetail(Object observed) {
    if (!(observed instanceof DefaultEncryption encryption)) {
      return Optional.empty();
    }
    String detail =
        encryption.usesKms()
            ? encryption.algorithm()
                + " with KMS key "
                + encryption.kmsKeyId().orElse("aws/s3 (the AWS managed key)")
            : encryption.algorithm() + " (SSE-S3, keys managed by S3)";
    return Optional.of(encryption.bucketKey() ? detail + ", bucket key on" : detail);
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<EncryptionRequirement>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.encryption())
        .map(spec -> Declared.of(EncryptionRequirement.of(spec), spec.mode()));
  }

  @Override
  public DefaultEncryption observe(BucketSubject subject) {
    return subject.s3().defaultEncryption(subject.bucket());
  }

  @Override
  public Drift diff(EncryptionRequirement required, DefaultEncryption observed) {
    List<FieldDrift> fields = new ArrayList<>();
    boolean requiresKms = required.algorithm() != EncryptionAlgorithm.SSE_S3;
    String expectedAlgorithm = required.algorithm().awsName();
    String expectedSetting =
        expectedAlgorithm + required.kmsKeyArn().map(key -> " with key " + key).orElse("");
    if (observed.usesKms()) {
      String key = observed.kmsKeyId().orElse(AWS_MANAGED_KEY);
      boolean keyAccepted = observed.kmsKeyId().map(required::accepts).orElse(false);
      if (!keyAccepted) {
        fields.add(FieldDrift.put("kmsKey", expectedKeys(required), key));
      }
      if (requiresKms && !atLeast(observed.algorithm(), required.algorithm())) {
        fields.add(FieldDrift.put("algorithm", expectedSetting, observed.algorithm()));
      }
    } else if (requiresKms || !observed.algorithm().equals(DefaultEncryption.AES256)) {
      fields.add(FieldDrift.put("algorithm", expectedSetting, observed.algorithm()));
    }
    required
        .bucketKey()
        .filter(wanted -> required.algorithm() == EncryptionAlgorithm.SSE_KMS)
        .filter(wanted -> wanted != observed.bucketKey())
        .ifPresent(
            wanted -> fields.add(FieldDrift.put("bucketKeyEnabled", wanted, observed.bucketKey())));
    if (required.algorithm() == EncryptionAlgorithm.SSE_KMS
        && required.bucketKey().orElse(false)
        && observed.algorithm().equals(EncryptionAlgorithm.DSSE_KMS.awsName())) {
      // the correction rewrites the algorithm too: say so, in the finding and in the event
      fields.add(
          FieldDrift.put(
              "algorithm",
              EncryptionAlgorithm.SSE_KMS.awsName()
                  + " (a bucket key needs SSE-KMS: dual-layer DSSE-KMS cannot have one)",
              observed.algorithm()));
    }
    return new Drift(fields);
  }

  /**
   * Whether {@code observed} is {@code required} or stronger: dual-layer DSSE-KMS satisfies
   * SSE-KMS, so a DSSE bucket is never downgraded.
   */
  static boolean atLeast(String observed, EncryptionAlgorithm required) {
    return switch (required) {
      case SSE_S3 -> true;
      case SSE_KMS ->
          observed.equals(EncryptionAlgorithm.SSE_KMS.awsName())
              || observed.equals(EncryptionAlgorithm.DSSE_KMS.awsName());
      case DSSE_KMS -> observed.equals(EncryptionAlgorithm.DSSE_KMS.awsName());
    };
  }

  private static String expectedKeys(EncryptionRequirement required) {
    return required.acceptedKeys().isEmpty()
        ? "no KMS key (SSE-S3)"
        : String.join(" or ", required.acceptedKeys());
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, EncryptionRequirement required, DefaultEncryption observed) {
    EncryptionAlgorithm algorithm = algorithmToWrite(required, observed);
    boolean bucketKey =
        algorithm == EncryptionAlgorithm.SSE_KMS
            && required.bucketKey().orElse(observed.bucketKey());
    return List.of(
        EncryptionWrite.setting(
            observed, new DefaultEncryption(algorithm.awsName(), required.kmsKeyArn(), bucketKey)));
  }

  /**
   * The one setting two policies both accept: the stronger algorithm, a key both accept, the bucket
   * key both ask for. Empty when no key is accepted by both, or when a bucket key is required with
   * dual-layer encryption (which cannot have one).
   */
  @Override
  public Optional<EncryptionRequirement> combine(EncryptionRequirement a, EncryptionRequirement b) {
    if (a.bucketKey().isPresent()
        && b.bucketKey().isPresent()
        && !a.bucketKey().equals(b.bucketKey())) {
      return Optional.empty();
    }
    Optional<Boolean> bucketKey = a.bucketKey().or(b::bucketKey);
    boolean kmsA = a.algorithm() != EncryptionAlgorithm.SSE_S3;
    boolean kmsB = b.algorithm() != EncryptionAlgorithm.SSE_S3;
    Set<String> accepted = new LinkedHashSet<>(a.acceptedKeys());
    accepted.retainAll(b.acceptedKeys());
    if (!kmsA && !kmsB) {
      return Optional.of(
          new EncryptionRequirement(
              EncryptionAlgorithm.SSE_S3, Optional.empty(), bucketKey, accepted));
    }
    EncryptionAlgorithm algorithm =
        a.algorithm() == EncryptionAlgorithm.DSSE_KMS
                || b.algorithm() == EncryptionAlgorithm.DSSE_KMS
            ? EncryptionAlgorithm.DSSE_KMS
            : EncryptionAlgorithm.SSE_KMS;
    if (algorithm == EncryptionAlgorithm.DSSE_KMS && bucketKey.orElse(false)) {
      return Optional.empty();
    }
    Optional<String> key =
        a.kmsKeyArn()
            .filter(accepted::contains)
            .or(() -> b.kmsKeyArn().filter(accepted::contains))
            .or(() -> accepted.stream().findFirst());
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new EncryptionRequirement(
            algorithm,
            key,
            algorithm == EncryptionAlgorithm.SSE_KMS ? bucketKey : Optional.empty(),
            accepted));
  }

  /**
   * The required algorithm, or DSSE-KMS when the bucket has it and SSE-KMS is required: only a
   * required bucket key (which DSSE-KMS cannot have) makes the operator write SSE-KMS instead.
   */
  private static EncryptionAlgorithm algorithmToWrite(
      EncryptionRequirement required, DefaultEncryption observed) {
    boolean keepDualLayer =
        required.algorithm() == EncryptionAlgorithm.SSE_KMS
            && observed.algorithm().equals(EncryptionAlgorithm.DSSE_KMS.awsName())
            && !required.bucketKey().orElse(false);
    return keepDualLayer ? EncryptionAlgorithm.DSSE_KMS : required.algorithm();
  }
}
