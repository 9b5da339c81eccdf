package io.s3posture.aws;

import java.util.List;

/** Account-level S3 settings through S3 Control. */
public interface AccountGateway {

  /** The account's Block Public Access flags; all false when none is configured. */
  PublicAccessBlock publicAccessBlock(String accountId);

  void putPublicAccessBlock(String accountId, PublicAccessBlock block);

  /**
   * The account's access points in the gateway's region and all its multi-region access points,
   * each with its Block Public Access and policies.
   */
  List<AccessPoint> accessPoints(String accountId);
}
