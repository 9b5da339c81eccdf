package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.S3Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Default encryption with an approved algorithm and key. A bucket using KMS with a key that is not
 * accepted is drift whatever the required algorithm: this is how a ransomware re-keying with an
 * attacker's key is caught. A KMS key from the accepted list also satisfies SSE-S3 (it is
 * stronger), so the operator never downgrades an approved KMS bucket.
 */
public final class EncryptionControl implements Control<EncryptionRequirement, DefaultEncryption> {

  static final String AWS_MANAGED_KEY = "aws/s3 (AWS managed key)";

  @Override
  public ControlName name() {
    return ControlName.ENCRYPTION;
  }

  @Override
  public Optional<EncryptionRequirement> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.encryption()).map(EncryptionRequirement::of);
  }

  @Override
  public DefaultEncryption observe(S3Gateway gateway, String bucket) {
    return gateway.defaultEncryption(bucket);
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
  public void remediate(
      S3Gateway gateway,
      String bucket,
      EncryptionRequirement required,
      DefaultEncryption observed) {
    EncryptionAlgorithm algorithm = algorithmToWrite(required, observed);
    boolean bucketKey =
        algorithm == EncryptionAlgorithm.SSE_KMS
            && required.bucketKey().orElse(observed.bucketKey());
    // the rule's other parts (the SSE-C block) are written back as observed
    gateway.putDefaultEncryption(
        bucket,
        new DefaultEncryption(algorithm.awsName(), required.kmsKeyArn(), bucketKey)
            .withBlockedEncryptionTypes(observed.blockedEncryptionTypes()));
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
