package io.s3posture.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a bucket was checked: a policy's periodic sweep, a requested check, a retry after a transient
 * failure, or a change event from AWS (an API call, who made it and when).
 */
public record Trigger(
    Kind kind,
    Optional<String> eventName,
    Optional<String> principal,
    Optional<Instant> eventTime) {

  public enum Kind {
    SWEEP,
    CHECK_NOW,
    RETRY,
    CHANGE_EVENT
  }

  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  public static final Trigger SWEEP = of(Kind.SWEEP);
  public static final Trigger CHECK_NOW = of(Kind.CHECK_NOW);
  public static final Trigger RETRY = of(Kind.RETRY);

  private static Trigger of(Kind kind) {
    return new Trigger(kind, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Trigger changeEvent(String eventName, Optional<String> principal, Instant time) {
    return new Trigger(Kind.CHANGE_EVENT, Optional.of(eventName), principal, Optional.of(time));
  }

  /** For events on the policy: "after PutBucketEncryption by arn:...:user/mallory", or "". */
  public String describe() {
    return eventName
        .map(name -> " (after " + name + principal.map(p -> " by " + p).orElse("") + ")")
        .orElse("");
  }
}
