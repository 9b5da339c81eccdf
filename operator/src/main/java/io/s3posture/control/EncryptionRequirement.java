package io.s3posture.control;

import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a policy requires of default encryption.
 *
 * @param kmsKeyArn the key to set (KMS algorithms only)
 * @param bucketKey required bucket key setting; empty = not managed
 * @param acceptedKeys every KMS key a compliant bucket may use: kmsKeyArn and allowedKmsKeys
 */
public record EncryptionRequirement(
    EncryptionAlgorithm algorithm,
    Optional<String> kmsKeyArn,
    Optional<Boolean> bucketKey,
    Set<String> acceptedKeys) {

  public EncryptionRequirement {
    acceptedKeys = Set.copyOf(acceptedKeys);
  }

  static EncryptionRequirement of(EncryptionSpec spec) {
    EncryptionAlgorithm algorithm =
        spec.algorithm() != null ? spec.algorithm() : EncryptionAlgorithm.SSE_S3;
    Set<String> accepted = new LinkedHashSet<>();
    Optional.ofNullable(spec.kmsKeyArn()).ifPresent(accepted::add);
    accepted.addAll(Optional.ofNullable(spec.allowedKmsKeys()).orElse(List.of()));
    return new EncryptionRequirement(
        algorithm,
        Optional.ofNullable(spec.kmsKeyArn()),
        Optional.ofNullable(spec.bucketKeyEnabled()),
        accepted);
  }

  /**
   * Whether {@code observedKey} is accepted. A key reported by id matches an accepted ARN of that
   * key ({@code ...:key/<id>}).
   */
  boolean accepts(String observedKey) {
    if (acceptedKeys.contains(observedKey)) {
      return true;
    }
    return !observedKey.startsWith("arn:")
        && acceptedKeys.stream().anyMatch(arn -> arn.endsWith(":key/" + observedKey));
  }
}
