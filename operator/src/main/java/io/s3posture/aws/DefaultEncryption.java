package io.s3posture.aws;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bucket's default encryption. S3 encrypts every bucket since January 2023: a bucket without a
 * configuration is reported as SSE-S3.
 *
 * @param algorithm S3's SSEAlgorithm: AES256, aws:kms or aws:kms:dsse
 * @param kmsKeyId the KMS key (ARN, key id or alias) for aws:kms*, empty for the AWS managed key
 * @param blockedEncryptionTypes the rule's BlockedEncryptionTypes exactly as S3 reports them
 *     ({@value #SSE_C} blocks uploads with customer-provided keys, {@value #NONE} allows every
 *     type); empty when S3 reports none. A write sends them back unchanged, so correcting the
 *     algorithm or key never drops an SSE-C block.
 */
public record DefaultEncryption(
    String algorithm,
    Optional<String> kmsKeyId,
    boolean bucketKey,
    Set<String> blockedEncryptionTypes) {

  public static final String AES256 = "AES256";

  /** The BlockedEncryptionTypes value that blocks SSE-C uploads. */
  public static final String SSE_C = "SSE-C";

  /** The BlockedEncryptionTypes value that blocks nothing. */
  public static final String NONE = "NONE";

  public static final DefaultEncryption SSE_S3 =
      new DefaultEncryption(AES256, Optional.empty(), false);

  public DefaultEncryption {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    blockedEncryptionTypes =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(
                Objects.requireNonNull(blockedEncryptionTypes, "blockedEncryptionTypes")));
  }

  /** A rule that reports no blocked encryption types. */
  public DefaultEncryption(String algorithm, Optional<String> kmsKeyId, boolean bucketKey) {
    this(algorithm, kmsKeyId, bucketKey, Set.of());
  }

  public boolean usesKms() {
    return algorithm.startsWith("aws:kms");
  }

  /** Whether uploads with customer-provided keys (SSE-C) are refused by the bucket. */
  public boolean blocksSseC() {
    return blockedEncryptionTypes.contains(SSE_C);
  }

  /** This rule with {@code types} as its blocked encryption types. */
  public DefaultEncryption withBlockedEncryptionTypes(Set<String> types) {
    return new DefaultEncryption(algorithm, kmsKeyId, bucketKey, types);
  }
}
