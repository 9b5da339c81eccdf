package io.s3posture.control;

import java.util.Optional;

/** Tells whether another policy requires an incompatible value of the same control of a bucket. */
@FunctionalInterface
public interface ConflictGuard {

  ConflictGuard NONE = (bucket, control) -> Optional.empty();

  /** The other policy (namespace/name), when there is a conflict. */
  Optional<String> conflictingPolicy(String bucket, ManagedControl<?, ?> control);
}
