package io.s3posture.control;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One write the engine will make to a subject (a bucket or an account), planned before anything is
 * written: plans can be shown, counted and approved before they are applied. Writes that share a
 * merge key (several owned statements of one bucket policy) are applied as one.
 *
 * @param <S> the subject written to
 */
public interface Write<S> {

  /** The AWS API call, e.g. PutBucketEncryption. */
  String operation();

  /** What it sets, for people: plans, logs and events. */
  String description();

  void apply(S subject);

  /** Writes with the same key in one check are merged and applied once. */
  default Optional<String> mergeKey() {
    return Optional.empty();
  }

  /** This write combined with {@code later} (same merge key). */
  default Write<S> mergedWith(Write<S> later) {
    throw new UnsupportedOperationException(operation() + " cannot be merged");
  }

  static <S> Write<S> of(String operation, String description, Consumer<S> apply) {
    Objects.requireNonNull(apply, "apply");
    return new Write<>() {
      @Override
      public String operation() {
        return operation;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void apply(S subject) {
        apply.accept(subject);
      }

      @Override
      public String toString() {
        return operation + ": " + description;
      }
    };
  }
}
