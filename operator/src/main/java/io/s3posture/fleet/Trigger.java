package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why a bucket was checked: a policy's periodic sweep, a requested check, a retry after a transient
 * failure, or a change event from AWS (an API call, who made it and when, and the controls the call
 * can have changed: empty for all).
 */
public record Trigger(
    Kind kind,
    Optional<String> eventName,
    Optional<String> principal,
    Optional<Instant> eventTime,
    Set<ControlName> concerns) {

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
    concerns = Set.copyOf(concerns);
  }

  public static final Trigger SWEEP = of(Kind.SWEEP);
  public static final Trigger CHECK_NOW = of(Kind.CHECK_NOW);
  public static final Trigger RETRY = of(Kind.RETRY);

  private static Trigger of(Kind kind) {
    return new Trigger(kind, Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
  }

  /** A change event that can have changed any control (a new or re-tagged bucket). */
  public static Trigger changeEvent(String eventName, Optional<String> principal, Instant time) {
    return changeEvent(eventName, principal, time, Set.of());
  }

  /** A change event that can have changed {@code concerns} (empty: any control). */
  public static Trigger changeEvent(
      String eventName, Optional<String> principal, Instant time, Set<ControlName> concerns) {
    return new Trigger(
        Kind.CHANGE_EVENT, Optional.of(eventName), principal, Optional.of(time), concerns);
  }

  /** Whether this is a change event whose call can have changed {@code control}. */
  public boolean explains(ControlName control) {
    return kind == Kind.CHANGE_EVENT && (concerns.isEmpty() || concerns.contains(control));
  }

  /** The metric label of the kind: {@code sweep}, {@code check_now}, {@code retry}, ... */
  public String label() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** For events on the policy: "after PutBucketEncryption by arn:...:user/mallory", or "". */
  public String describe() {
    return eventName
        .map(name -> " (after " + name + principal.map(p -> " by " + p).orElse("") + ")")
        .orElse("");
  }
}
