package io.s3posture.fleet;

import io.s3posture.aws.PublicAccessBlock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check read of its subject beyond the outcomes, for status: an account's Block Public
 * Access flags as the check left them (read once, no extra call).
 */
public record SubjectFacts(Optional<PublicAccessBlock> accountPublicAccessBlock) {

  public static final SubjectFacts NONE = new SubjectFacts(Optional.empty());

  public SubjectFacts {
    Objects.requireNonNull(accountPublicAccessBlock, "accountPublicAccessBlock");
  }
}
