package io.s3posture.reconciler;

import io.s3posture.fleet.ResyncInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * When a policy's next sweep (every governed bucket checked) is due: at once for a new policy, a
 * new generation or a new check-now value; then after its resync interval with up to 10% jitter;
 * after a sweep that could not start (listing, credentials), with exponential backoff (10 s, 20 s,
 * 40 s, ... capped at the interval).
 */
public final class ResyncSchedule {

  private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

  /** What a sweep was started for: a change of either starts a new one at once. */
  public record Version(long generation, String checkNow) {}

  private record Planned(Version version, Instant due, int failures) {}

  private final DoubleSupplier random;
  private final Map<String, Planned> planned = new ConcurrentHashMap<>();

  public ResyncSchedule(DoubleSupplier random) {
    this.random = random;
  }

  /** Parses a Go-style duration such as 30s, 10m or 1h30m (the CRD validates the syntax). */
  public static Duration parse(String interval) {
    return ResyncInterval.parse(interval);
  }

  /** Whether a sweep of {@code policyUid} at {@code version} is due {@code now}. */
  public boolean due(String policyUid, Version version, Instant now) {
    Planned plan = planned.get(policyUid);
    return plan == null || !plan.version().equals(version) || !now.isBefore(plan.due());
  }

  /** Whether {@code version} is new for {@code policyUid} (a spec change or a check request). */
  public boolean isNew(String policyUid, Version version) {
    Planned plan = planned.get(policyUid);
    return plan == null || !plan.version().equals(version);
  }

  /**
   * Whether a sweep of {@code policyUid} was planned before (false: first seen by this process).
   */
  public boolean knows(String policyUid) {
    return planned.containsKey(policyUid);
  }

  /**
   * A sweep started: the next one after the interval, with jitter. Failures of the same version are
   * kept until a sweep gets going ({@link #succeeded}), so that the backoff keeps growing while
   * sweeps fail to start.
   */
  public void started(String policyUid, Version version, Instant now, Duration interval) {
    long jitter = (long) (interval.toMillis() * 0.1 * random.getAsDouble());
    Planned before = planned.get(policyUid);
    int failures = before != null && before.version().equals(version) ? before.failures() : 0;
    planned.put(policyUid, new Planned(version, now.plus(interval).plusMillis(jitter), failures));
  }

  /** A sweep got going (its subjects are queued): the next failure backs off from the start. */
  public void succeeded(String policyUid) {
    planned.computeIfPresent(policyUid, (uid, plan) -> new Planned(plan.version(), plan.due(), 0));
  }

  /** A sweep could not start: the next attempt after a growing backoff. */
  public void failed(String policyUid, Version version, Instant now, Duration interval) {
    int failures = planned.containsKey(policyUid) ? planned.get(policyUid).failures() + 1 : 1;
    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
    Duration wait = backoff.compareTo(interval) < 0 ? backoff : interval;
    planned.put(policyUid, new Planned(version, now.plus(wait), failures));
  }

  /** The time until the next sweep of {@code policyUid} is due (zero when it is). */
  public Duration untilDue(String policyUid, Instant now) {
    Planned plan = planned.get(policyUid);
    if (plan == null || !now.isBefore(plan.due())) {
      return Duration.ZERO;
    }
    return Duration.between(now, Objects.requireNonNull(plan.due()));
  }

  public void forget(String policyUid) {
    planned.remove(policyUid);
  }
}
