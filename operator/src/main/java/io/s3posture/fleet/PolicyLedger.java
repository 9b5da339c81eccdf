package io.s3posture.fleet;

import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlEvidence.FailedCall;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one policy knows of its buckets: which it governs, the last result of each (bucket checks
 * arrive one by one, from sweeps and from change events), and the progress of its sweep. Status,
 * events and metrics are folded from it. Only controls that are not compliant are remembered, so
 * its size grows with drift, not with the fleet.
 */
public final class PolicyLedger {

  /**
   * A subject's last check: when, whether something was corrected, what is not compliant, why
   * nothing could be read (when nothing could), and what it read beyond the outcomes.
   */
  public record SubjectRecord(
      Optional<Instant> checkedAt,
      boolean corrected,
      Map<ControlName, LedgerEntry> notCompliant,
      Optional<FailedCall> unreadable,
      SubjectFacts facts) {
    public SubjectRecord {
      notCompliant = Map.copyOf(notCompliant);
      Objects.requireNonNull(unreadable, "unreadable");
      Objects.requireNonNull(facts, "facts");
    }

    /** A record remembered from status, before any check of this process. */
    static SubjectRecord remembered(Map<ControlName, LedgerEntry> notCompliant, boolean corrected) {
      return new SubjectRecord(
          Optional.empty(), corrected, notCompliant, Optional.empty(), SubjectFacts.NONE);
    }

    /** The bucket's state: its worst control's. */
    public OutcomeState state() {
      OutcomeState worst = corrected ? OutcomeState.CORRECTED : OutcomeState.COMPLIANT;
      for (LedgerEntry entry : notCompliant.values()) {
        if (entry.state().compareTo(worst) > 0) {
          worst = entry.state();
        }
      }
      return worst;
    }
  }

  /** A sweep: every governed bucket checked once; {@code pending} are those not checked yet. */
  public record Sweep(Instant started, int total, int pending, Optional<Instant> completed) {}

  /**
   * Counts of the recorded buckets: by the bucket's state, and by control and state for the
   * controls that are not compliant (a recorded bucket without an entry for a control is compliant
   * for it). Kept as buckets are recorded, so folding never walks the fleet.
   */
  public record Counts(
      int governed,
      int recorded,
      Map<OutcomeState, Integer> buckets,
      Map<ControlName, Map<OutcomeState, Integer>> notCompliant,
      boolean restored,
      int unverified) {

    /** Governed buckets with no result yet (after a restart they count as compliant). */
    public int notChecked() {
      return restored ? 0 : governed - recorded;
    }

    /**
     * Buckets that are compliant now (corrected ones included), on evidence recent enough: a bucket
     * compliant when last checked too long ago counts as {@link #unverified} instead.
     */
    public int compliant() {
      return buckets.getOrDefault(OutcomeState.COMPLIANT, 0)
          + buckets.getOrDefault(OutcomeState.CORRECTED, 0)
          + (restored ? governed - recorded : 0)
          - unverified;
    }

    public int in(OutcomeState state) {
      return buckets.getOrDefault(state, 0);
    }
  }

  private final PolicyRef policy;
  private final boolean restored;
  private final Optional<Instant> restoredFrom;
  private final Map<OutcomeState, Integer> bucketCounts = new EnumMap<>(OutcomeState.class);
  private final Map<ControlName, Map<OutcomeState, Integer>> controlCounts = new HashMap<>();
  private final TreeSet<String> governed = new TreeSet<>();
  private final Map<String, SubjectRecord> records = new HashMap<>();
  private final Set<String> pending = new HashSet<>();
  private boolean resolved;
  private Instant sweepStarted;
  private int sweepTotal;
  private Instant lastSweepCompleted;
  private boolean sweepRead;
  private Optional<FailedCall> sweepUnreadable = Optional.empty();
  private Optional<FailedCall> unreachable = Optional.empty();
  private long version;

  /** A ledger of a policy this process starts with, remembering nothing. */
  public PolicyLedger(PolicyRef policy, Map<String, Map<ControlName, LedgerEntry>> restored) {
    this(policy, new Remembered(restored, Set.of(), Optional.empty()));
  }

  /**
   * @param remembered what status remembered before a restart (see {@link LedgerMemory}): until a
   *     bucket is checked again, it keeps what was remembered, and a governed bucket without an
   *     entry was compliant when the last check completed
   */
  public PolicyLedger(PolicyRef policy, Remembered remembered) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.restored = remembered.complete();
    this.restoredFrom = remembered.lastCheck();
    remembered
        .entries()
        .forEach(
            (bucket, entries) ->
                put(
                    bucket,
                    SubjectRecord.remembered(entries, remembered.corrected().contains(bucket))));
    remembered.corrected().stream()
        .filter(bucket -> !records.containsKey(bucket))
        .forEach(bucket -> put(bucket, SubjectRecord.remembered(Map.of(), true)));
  }

  /**
   * What a status remembers for a restarted operator: the controls that were not compliant, the
   * buckets corrected in their last check, and when the last check completed.
   */
  public record Remembered(
      Map<String, Map<ControlName, LedgerEntry>> entries,
      Set<String> corrected,
      Optional<Instant> lastCheck) {
    public static final Remembered NOTHING = new Remembered(Map.of(), Set.of(), Optional.empty());

    public Remembered {
      entries = Map.copyOf(entries);
      corrected = Set.copyOf(corrected);
      Objects.requireNonNull(lastCheck, "lastCheck");
    }

    /**
     * Whether a check completed before the restart: then a governed bucket the status does not
     * mention was compliant. Without one (killed during the first check), it is not checked yet.
     */
    boolean complete() {
      return lastCheck.isPresent();
    }
  }

  /** Replaces a bucket's record, keeping the counts. */
  private void put(String bucket, SubjectRecord record) {
    remove(bucket);
    records.put(bucket, record);
    count(record, 1);
  }

  private void remove(String bucket) {
    SubjectRecord old = records.remove(bucket);
    if (old != null) {
      count(old, -1);
    }
  }

  private void count(SubjectRecord record, int delta) {
    bucketCounts.merge(record.state(), delta, Integer::sum);
    for (LedgerEntry entry : record.notCompliant().values()) {
      controlCounts
          .computeIfAbsent(entry.control(), c -> new EnumMap<>(OutcomeState.class))
          .merge(entry.state(), delta, Integer::sum);
    }
  }

  /** The counts, every compliant bucket counted compliant whenever it was last checked. */
  public Counts counts() {
    return counts(Instant.MIN);
  }

  /**
   * The counts as of {@code evidenceBound}: a bucket compliant when last checked, but checked
   * before the bound, is {@link Counts#unverified}, not compliant.
   */
  public synchronized Counts counts(Instant evidenceBound) {
    Map<ControlName, Map<OutcomeState, Integer>> controls = new HashMap<>();
    controlCounts.forEach((control, byState) -> controls.put(control, Map.copyOf(byState)));
    return new Counts(
        resolved ? governed.size() : records.size(),
        records.size(),
        Map.copyOf(bucketCounts),
        Map.copyOf(controls),
        restored,
        evidenceBound.equals(Instant.MIN) ? 0 : compliantCheckedBefore(evidenceBound));
  }

  /** Compliant buckets whose compliance was last seen before {@code bound}. Lock held. */
  private int compliantCheckedBefore(Instant bound) {
    int stale = 0;
    for (String bucket : resolved ? governed : records.keySet()) {
      SubjectRecord record = records.get(bucket);
      if (record != null && !record.state().isCompliant()) {
        continue;
      }
      Optional<Instant> at =
          record != null && record.checkedAt().isPresent()
              ? record.checkedAt()
              : restored ? restoredFrom : Optional.empty();
      if (at.isPresent() && at.get().isBefore(bound)) {
        stale++;
      }
    }
    return stale;
  }

  public PolicyRef policy() {
    return policy;
  }

  /**
   * Starts a sweep over {@code buckets}: they are now what the policy governs, and {@code controls}
   * what it manages (what is remembered of other buckets and controls is dropped).
   */
  public synchronized void startSweep(
      Collection<String> buckets, Set<ControlName> controls, Instant now) {
    governed.clear();
    governed.addAll(buckets);
    for (String bucket : List.copyOf(records.keySet())) {
      SubjectRecord record = records.get(bucket);
      if (!governed.contains(bucket)) {
        remove(bucket);
      } else if (!controls.containsAll(record.notCompliant().keySet())) {
        Map<ControlName, LedgerEntry> kept = new LinkedHashMap<>(record.notCompliant());
        kept.keySet().retainAll(controls);
        put(
            bucket,
            new SubjectRecord(
                record.checkedAt(), record.corrected(), kept, record.unreadable(), record.facts()));
      }
    }
    pending.clear();
    pending.addAll(governed);
    resolved = true;
    sweepStarted = now;
    sweepRead = false;
    sweepUnreadable = Optional.empty();
    sweepTotal = governed.size();
    if (pending.isEmpty()) {
      lastSweepCompleted = now;
    }
    version++;
  }

  /** Adds a bucket found between sweeps (a CreateBucket or tagging event). */
  public synchronized void govern(String bucket) {
    if (governed.add(bucket)) {
      version++;
    }
  }

  /** Stops governing a bucket found not to match any more (tags changed, bucket deleted). */
  public synchronized void release(String bucket) {
    if (governed.remove(bucket)) {
      remove(bucket);
      pending.remove(bucket);
      version++;
    }
  }

  public synchronized boolean governs(String bucket) {
    return governed.contains(bucket);
  }

  public synchronized List<String> governed() {
    return List.copyOf(governed);
  }

  /**
   * What a recorded check changed: the transitions, the bucket's controls that are not compliant
   * now, and whether it completed the sweep.
   */
  public record Recorded(
      List<Transition> transitions,
      Map<ControlName, LedgerEntry> notCompliant,
      boolean sweepCompleted) {
    static final Recorded NOTHING = new Recorded(List.of(), Map.of(), false);
  }

  /**
   * Records a check of {@code bucket} (all or some of its controls). Outcomes of a bucket the
   * policy no longer governs are ignored.
   */
  public Recorded record(
      String bucket, List<ControlOutcome> outcomes, Trigger trigger, Instant now) {
    return record(bucket, outcomes, control -> trigger, now, SubjectFacts.NONE);
  }

  /**
   * Records a check whose transitions are explained per control (of several change events checked
   * together, the one whose call can have changed the control), with what it read of the subject.
   */
  public synchronized Recorded record(
      String bucket,
      List<ControlOutcome> outcomes,
      Function<ControlName, Trigger> trigger,
      Instant now,
      SubjectFacts facts) {
    if (resolved && !governed.contains(bucket)) {
      return Recorded.NOTHING;
    }
    SubjectRecord before = records.get(bucket);
    Map<ControlName, LedgerEntry> next =
        new LinkedHashMap<>(before != null ? before.notCompliant() : Map.of());
    List<Transition> transitions = new ArrayList<>();
    boolean corrected = false;
    for (ControlOutcome outcome : outcomes) {
      TransitionJudge.Judgement judgement =
          TransitionJudge.judge(
              bucket,
              Optional.ofNullable(next.get(outcome.control())),
              outcome,
              trigger.apply(outcome.control()),
              now);
      judgement
          .next()
          .ifPresentOrElse(
              entry -> next.put(outcome.control(), entry), () -> next.remove(outcome.control()));
      judgement.transition().ifPresent(transitions::add);
      corrected |= outcome.state() == OutcomeState.CORRECTED;
    }
    Optional<FailedCall> unread = unreadable(outcomes);
    put(bucket, new SubjectRecord(Optional.of(now), corrected, next, unread, facts));
    if (unread.isEmpty() && !outcomes.isEmpty()) {
      sweepRead = true;
      unreachable = Optional.empty(); // something could be read again
    } else if (sweepUnreadable.isEmpty()) {
      sweepUnreadable = unread;
    }
    boolean completed = false;
    if (pending.remove(bucket) && pending.isEmpty() && sweepStarted != null) {
      lastSweepCompleted = now;
      completed = true;
      unreachable = sweepRead ? Optional.empty() : sweepUnreadable;
    }
    version++;
    return new Recorded(List.copyOf(transitions), Map.copyOf(next), completed);
  }

  /**
   * Why nothing could be read in a check, when nothing could: every control failed before showing
   * any drift, none for a fault of the operator's own, and AWS did not answer that the bucket is
   * gone.
   */
  static Optional<FailedCall> unreadable(List<ControlOutcome> outcomes) {
    return !outcomes.isEmpty()
            && outcomes.stream()
                .allMatch(o -> o.state() == OutcomeState.FAILED && o.drift().isNone())
            && outcomes.stream().noneMatch(o -> o.reason() == OutcomeReason.InternalError)
            // AWS answered that the bucket does not exist: a finding, not a check that cannot run
            && outcomes.stream()
                .noneMatch(
                    o -> o.failure().filter(k -> k == FailureKind.NO_SUCH_BUCKET).isPresent())
        ? Optional.of(
            new FailedCall(
                outcomes.get(0).failure().orElse(FailureKind.OTHER), outcomes.get(0).message()))
        : Optional.empty();
  }

  /**
   * Why nothing could be read, when the last complete sweep read nothing at all (every check of it
   * failed before seeing any setting) and no check since did: the checks cannot run.
   */
  public synchronized Optional<FailedCall> unreachable() {
    return unreachable;
  }

  /** Increases with every change; a status built at the same version is the same. */
  public synchronized long version() {
    return version;
  }

  public synchronized boolean resolved() {
    return resolved;
  }

  public synchronized Optional<Sweep> sweep() {
    return Optional.ofNullable(sweepStarted)
        .map(
            started ->
                new Sweep(
                    started, sweepTotal, pending.size(), Optional.ofNullable(lastSweepCompleted)));
  }

  /** When a sweep last completed (every governed bucket checked). */
  public synchronized Optional<Instant> lastSweepCompleted() {
    return Optional.ofNullable(lastSweepCompleted);
  }

  /**
   * Every governed bucket's record. A bucket not checked yet has an empty record: compliant when
   * the ledger was restored (what was not remembered was compliant), unknown otherwise.
   */
  public synchronized Map<String, Optional<SubjectRecord>> buckets() {
    Map<String, Optional<SubjectRecord>> view = new LinkedHashMap<>();
    Collection<String> names = resolved ? governed : new TreeSet<>(records.keySet());
    for (String bucket : names) {
      SubjectRecord record = records.get(bucket);
      if (record == null && restored) {
        record = SubjectRecord.remembered(Map.of(), false);
      }
      view.put(bucket, Optional.ofNullable(record));
    }
    return view;
  }

  /**
   * Governed buckets whose last check began before {@code bound}: what is known of them is older
   * than that. A bucket not checked since a restart counts from {@code restoredFrom} (when the
   * status it was restored from was last complete); one never checked is not counted (it is not
   * checked yet, see {@link Counts#notChecked()}).
   */
  public synchronized int checkedBefore(Instant bound) {
    int before = 0;
    Collection<String> names = resolved ? governed : records.keySet();
    for (String bucket : names) {
      SubjectRecord record = records.get(bucket);
      Optional<Instant> at =
          record != null && record.checkedAt().isPresent()
              ? record.checkedAt()
              : restored ? restoredFrom : Optional.empty();
      if (at.isPresent() && at.get().isBefore(bound)) {
        before++;
      }
    }
    return before;
  }

  /** The subjects corrected in their last check (what status counts as corrected). */
  public synchronized Set<String> corrected() {
    Set<String> corrected = new TreeSet<>();
    records.forEach(
        (subject, record) -> {
          if (record.corrected()) {
            corrected.add(subject);
          }
        });
    return corrected;
  }

  /** The last check of {@code subject} recorded, if any. */
  public synchronized Optional<SubjectRecord> last(String subject) {
    return Optional.ofNullable(records.get(subject));
  }

  /** Every control that is not compliant, by bucket (what status remembers across restarts). */
  public synchronized Map<String, Map<ControlName, LedgerEntry>> notCompliant() {
    Map<String, Map<ControlName, LedgerEntry>> all = new TreeMap<>();
    records.forEach(
        (bucket, record) -> {
          if (!record.notCompliant().isEmpty()) {
            all.put(bucket, record.notCompliant());
          }
        });
    return all;
  }
}
