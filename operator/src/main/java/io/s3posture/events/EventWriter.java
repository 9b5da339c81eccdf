package io.s3posture.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where published events go: the API server in the operator, a list in tests. */
@FunctionalInterface
public interface EventWriter {

  /** Writes one event about {@code about}; never throws (a lost event never fails a reconcile). */
  void write(HasMetadata about, EventReason reason, String message);
}
