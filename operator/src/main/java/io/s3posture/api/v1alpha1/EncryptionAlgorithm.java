package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Default encryption of new objects. */
public enum EncryptionAlgorithm {
  /** S3-managed keys (AES256). */
  @JsonProperty("SSE-S3")
  SSE_S3("AES256"),
  /** AWS KMS keys (aws:kms). */
  @JsonProperty("SSE-KMS")
  SSE_KMS("aws:kms"),
  /** Dual-layer encryption with AWS KMS keys (aws:kms:dsse). */
  @JsonProperty("DSSE-KMS")
  DSSE_KMS("aws:kms:dsse");

  private final String awsName;

  EncryptionAlgorithm(String awsName) {
    this.awsName = awsName;
  }

  /** The SSEAlgorithm value S3 uses. */
  public String awsName() {
    return awsName;
  }
}
