package io.s3posture.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a BucketPolicy is reconciled again without an event. Pure. */
final class NextReconcile {

  /** How often status is rebuilt while a sweep runs, whether or not bucket checks complete. */
  static final Duration WHILE_SWEEPING = Duration.ofSeconds(30);

  /** The soonest a policy is looked at again. */
  static final Duration SOONEST = Duration.ofSeconds(1);

  private NextReconcile() {}

  /**
   * @param untilDue the time until the next sweep is due (zero when it is)
   * @param sweeping whether a sweep is under way (its status follows it even when no bucket
   *     completes; its end asks for a reconcile)
   * @param wakeUp when an exemption expires, if one will
   */
  static Duration after(
      Duration untilDue, boolean sweeping, Optional<Instant> wakeUp, Instant now) {
    Duration next = untilDue;
    if (sweeping) {
      next = next.isZero() || next.compareTo(WHILE_SWEEPING) > 0 ? WHILE_SWEEPING : next;
    }
    if (wakeUp.isPresent()) {
      Duration untilExpiry = Duration.between(now, wakeUp.get());
      if (untilExpiry.compareTo(next) < 0 || next.isZero()) {
        next = untilExpiry.plusSeconds(1);
      }
    }
    return next.compareTo(SOONEST) < 0 ? SOONEST : next;
  }
}
