package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import io.s3posture.control.WriteGate;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guard rails of one policy's writes:
 *
 * <ul>
 *   <li>a change budget for a new spec: while the first sweep of a generation runs, at most {@code
 *       maxChanged} buckets are written; one more pauses the policy (a wrong value merged on a
 *       Friday stops at the limit). Restoring a posture the policy already applied is never held
 *       back by it: that is what the operator is for;
 *   <li>a circuit breaker: more than {@code maxFailures} failed corrections in a sweep pause it;
 *   <li>manual approval: every write is recorded in the plan, and made only when a person approved
 *       the plan that contains exactly that write.
 * </ul>
 *
 * A pause lasts until a person resumes the policy or its spec changes.
 */
public final class PolicyGuardrails {

  /** Why a policy is paused. Stable names: shown in status. */
  public enum PauseReason {
    TooManyChanges,
    TooManyWriteFailures
  }

  public record Pause(PauseReason reason, String message, Instant since) {}

  /** The settings of spec.enforcement. */
  public record Settings(int maxChanged, int maxFailures, boolean manual) {
    public static final Settings DEFAULT = new Settings(25, 10, false);
  }

  private Settings settings = Settings.DEFAULT;
  private long generation = -1;
  private boolean newSpecSweep;
  private final Set<String> changed = new HashSet<>();
  private int failures;
  private Optional<Pause> pause = Optional.empty();
  private final Map<String, Map<ControlName, List<String>>> plan = new TreeMap<>();
  private Map<String, Map<ControlName, List<String>>> approved = Map.of();
  private String lastApplied;
  private String lastResume;
  private boolean restored;

  /** Takes the policy's settings; a new generation lifts a pause and starts a new budget. */
  public synchronized void update(Settings settings, long generation) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (generation != this.generation) {
      this.generation = generation;
      pause = Optional.empty();
      newSpecSweep = true;
      changed.clear();
      failures = 0;
    }
  }

  /**
   * What a restarted operator takes from the status it wrote for the current generation: a pause,
   * the last resume annotation honoured, the last plan applied, and whether the first sweep of this
   * spec was complete (then the change budget is spent: a restart is not a spec change).
   */
  public record Remembered(
      Optional<Pause> pause,
      Optional<String> resumed,
      Optional<String> applied,
      boolean generationSwept) {
    public static final Remembered NOTHING =
        new Remembered(Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  /** Takes {@code remembered} once, on the first reconcile after a start. */
  public synchronized void restore(Remembered remembered) {
    if (restored) {
      return;
    }
    restored = true;
    pause = remembered.pause();
    lastResume = remembered.resumed().orElse(null);
    lastApplied = remembered.applied().orElse(null);
    if (remembered.generationSwept()) {
      newSpecSweep = false;
    }
  }

  /** Honours a new value of the resume annotation once; returns whether it resumed a pause. */
  public synchronized boolean resumeWith(String annotation) {
    if (annotation == null || annotation.equals(lastResume)) {
      return false;
    }
    lastResume = annotation;
    if (pause.isEmpty()) {
      return false; // a value left from an earlier pause lifts nothing
    }
    resume();
    return true;
  }

  public synchronized Optional<String> lastResume() {
    return Optional.ofNullable(lastResume);
  }

  /** A sweep starts: a new window for the circuit breaker. */
  public synchronized void sweepStarted() {
    failures = 0;
  }

  /** The first sweep of the generation is complete: later writes restore a known posture. */
  public synchronized void sweepCompleted() {
    newSpecSweep = false;
    changed.clear();
  }

  /** A person resumed the policy: writing goes on, the budget of this spec is lifted. */
  public synchronized void resume() {
    pause = Optional.empty();
    newSpecSweep = false;
    changed.clear();
    failures = 0;
  }

  /** Counts failed corrections; too many in a sweep pause the policy. */
  public synchronized void failedCorrections(int count, Instant now) {
    if (count <= 0 || pause.isPresent()) {
      return;
    }
    failures += count;
    if (failures > settings.maxFailures()) {
      pause =
          Optional.of(
              new Pause(
                  PauseReason.TooManyWriteFailures,
                  failures
                      + " corrections failed in one check (the limit is "
                      + settings.maxFailures()
                      + "): writing stopped, auditing goes on",
                  now));
    }
  }

  /** Whether the policy may write {@code writes} to {@code control} of {@code bucket}. */
  public synchronized WriteGate.Decision decide(
      String bucket, ControlName control, List<String> writes, Instant now) {
    if (pause.isPresent()) {
      return WriteGate.Decision.PAUSED;
    }
    if (settings.manual()) {
      List<String> ok = approved.getOrDefault(bucket, Map.of()).get(control);
      if (writes.equals(ok)) {
        return WriteGate.Decision.ALLOW;
      }
      plan.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).put(control, List.copyOf(writes));
      return WriteGate.Decision.AWAITING_APPROVAL;
    }
    if (!newSpecSweep || changed.contains(bucket)) {
      return WriteGate.Decision.ALLOW;
    }
    if (changed.size() >= settings.maxChanged()) {
      pause =
          Optional.of(
              new Pause(
                  PauseReason.TooManyChanges,
                  "the new spec would change more than "
                      + settings.maxChanged()
                      + " bucket(s) in one check: "
                      + changed.size()
                      + " changed, then writing stopped; auditing goes on",
                  now));
      return WriteGate.Decision.PAUSED;
    }
    changed.add(bucket);
    return WriteGate.Decision.ALLOW;
  }

  /**
   * A bucket was checked: the controls that wait for approval keep their planned writes (decide
   * recorded them), every other control of the check has none planned any more; an approved write
   * that was made is used up.
   */
  public synchronized void settled(String bucket, Map<ControlName, Boolean> awaiting) {
    Map<ControlName, List<String>> entries = plan.get(bucket);
    if (entries != null) {
      awaiting.forEach(
          (control, waits) -> {
            if (!waits) {
              entries.remove(control);
            }
          });
      if (entries.isEmpty()) {
        plan.remove(bucket);
      }
    }
    Map<ControlName, List<String>> ok = approved.get(bucket);
    if (ok != null) {
      Map<ControlName, List<String>> left = new LinkedHashMap<>(ok);
      awaiting.keySet().forEach(left::remove);
      approved = new TreeMap<>(approved);
      if (left.isEmpty()) {
        approved.remove(bucket);
      } else {
        approved.put(bucket, Map.copyOf(left));
      }
    }
  }

  /** Approves the current plan if {@code hash} is its hash; returns the buckets to write. */
  public synchronized Optional<Set<String>> approve(String hash) {
    if (plan.isEmpty() || !Plan.of(plan).hash().equals(hash)) {
      return Optional.empty();
    }
    approved = deepCopy(plan);
    lastApplied = hash;
    return Optional.of(Set.copyOf(plan.keySet()));
  }

  public synchronized Plan plan() {
    return Plan.of(plan);
  }

  public synchronized Optional<Pause> pause() {
    return pause;
  }

  public synchronized Optional<String> lastApplied() {
    return Optional.ofNullable(lastApplied);
  }

  public synchronized Settings settings() {
    return settings;
  }

  private static Map<String, Map<ControlName, List<String>>> deepCopy(
      Map<String, Map<ControlName, List<String>>> plan) {
    Map<String, Map<ControlName, List<String>>> copy = new TreeMap<>();
    plan.forEach((bucket, entries) -> copy.put(bucket, Map.copyOf(entries)));
    return copy;
  }
}
