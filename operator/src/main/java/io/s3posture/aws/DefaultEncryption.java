package io.s3posture.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * A bucket's default encryption. S3 encrypts every bucket since January 2023: a bucket without a
 * configuration is reported as SSE-S3.
 *
 * @param algorithm S3's SSEAlgorithm: AES256, aws:kms or aws:kms:dsse
 * @param kmsKeyId the KMS key (ARN, key id or alias) for aws:kms*, empty for the AWS managed key
 */
public record DefaultEncryption(String algorithm, Optional<String> kmsKeyId, boolean bucketKey) {

  public static final String AES256 = "AES256";
  public static final DefaultEncryption SSE_S3 =
      new DefaultEncryption(AES256, Optional.empty(), false);

  public DefaultEncryption {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
  }

  public boolean usesKms() {
    return algorithm.startsWith("aws:kms");
  }
}
