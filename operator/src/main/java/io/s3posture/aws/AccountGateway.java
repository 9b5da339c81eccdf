package io.s3posture.aws;

/** Account-level S3 settings through S3 Control. */
public interface AccountGateway {

  /** The account's Block Public Access flags; all false when none is configured. */
  PublicAccessBlock publicAccessBlock(String accountId);

  void putPublicAccessBlock(String accountId, PublicAccessBlock block);
}
