package io.s3posture.fleet;

import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.ControlName;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of checks, of buckets and accounts alike ({@link SubjectKey}), for sweeps,
 * requested checks, retries and change events. Bounded and fair:
 *
 * <ul>
 *   <li>a subject is checked by one worker at a time (one writer per subject), and requests for a
 *       subject that is queued or running coalesce into one check;
 *   <li>urgent requests (change events, requested checks) go first; sweeps of different policies
 *       take turns, so a 10,000-bucket policy never starves a small one; a bucket two sweeps ask
 *       for waits in the shorter of their queues (a small policy that shares buckets with a big one
 *       is not held back to the big one's pace), and stays queued if one of them is cancelled;
 *   <li>at most {@code perAccount} checks run at once per account (a slow or failing account cannot
 *       take every worker); within an account, subjects whose last check was slow or failed
 *       transiently share a quarter of its lanes, so one policy's slow buckets do not starve
 *       another policy's; an account whose checks fail transiently runs one at a time, and slow
 *       checks and failing accounts together take at most a quarter of the workers ({@link
 *       AccountBudgets});
 *   <li>at most {@code capacity} buckets wait; beyond, urgent requests are refused (sweeps are not:
 *       they are bounded by the fleet).
 * </ul>
 */
public final class SubjectWorkQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubjectWorkQueue.class);
  private static final String URGENT = "";
  private static final int MAX_TRIGGERS = 8;

  /**
   * A check that takes longer is slow. A healthy bucket's check is about ten calls of tens of
   * milliseconds; a second per call is already far from healthy.
   */
  public static final Duration SLOW_AFTER = Duration.ofSeconds(5);

  /** What is known of a subject's checks. */
  private enum Pace {
    /** Not checked yet by this process. */
    UNKNOWN,
    /** Its last check ended in time and without a transient failure. */
    FAST,
    /** Its last check took longer than the slow threshold or failed transiently. */
    SLOW
  }

  /**
   * A running check: whose account, for which queue, since when, and whether it was started as a
   * slow one.
   */
  private record Run(
      String account, String queue, long startedNanos, boolean knownSlow, boolean firstCheck) {}

  /** How a request ended. */
  public enum Result {
    /** The subject was checked (for every policy that governs it). */
    CHECKED,
    /**
     * The subject was checked, but a transient failure (unreachable, timing out, throttled) left
     * something unknown or uncorrected: it is checked again with backoff, and its account gets
     * fewer workers until a check succeeds.
     */
    FAILED_TRANSIENTLY,
    /** No policy governs the subject. */
    NO_POLICY,
    /** Refused: the queue is full, or the operator is stopping. */
    DROPPED
  }

  /** Checks one subject. */
  @FunctionalInterface
  public interface Worker {
    Result check(SubjectKey key, Optional<Set<ControlName>> controls, List<Trigger> triggers);
  }

  /**
   * A request to check a subject.
   *
   * @param source the policy uid of a sweep (requests of one source are served in order)
   * @param urgent ahead of sweeps (change events, requested checks)
   * @param controls only these controls (a change event), empty for all
   * @param account the account it runs against, for the per-account limit
   */
  public record Request(
      SubjectKey key,
      String source,
      boolean urgent,
      Optional<Set<ControlName>> controls,
      Trigger trigger,
      String account) {
    public Request {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(controls, "controls");
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(account, "account");
    }
  }

  private static final class Pending {
    final SubjectKey key;
    final String account;
    Optional<Set<ControlName>> controls;
    final List<Trigger> triggers = new ArrayList<>();
    final List<CompletableFuture<Result>> done = new ArrayList<>();

    /** The sweeps that asked for this check, or {@link #URGENT} (urgent requests stay). */
    final Set<String> sources = new LinkedHashSet<>();

    /** The queue it waits in; null while its subject's check runs. */
    String queue;

    /** The queue it was taken from for its check, and whether it waited for a slow lane. */
    String takenFrom = URGENT;

    boolean startsSlow;

    Pending(Request request) {
      this.key = request.key();
      this.account = request.account();
      this.controls = request.controls().map(LinkedHashSet::new);
      this.triggers.add(request.trigger());
      this.sources.add(request.urgent() ? URGENT : request.source());
    }

    /** Where it waits once the running check ends: ahead when urgent, else its first sweep. */
    String nextQueue() {
      return sources.contains(URGENT) ? URGENT : sources.iterator().next();
    }

    void merge(Request request) {
      if (controls.isPresent() && request.controls().isPresent()) {
        controls.get().addAll(request.controls().get());
      } else {
        controls = Optional.empty();
      }
      if (triggers.size() < MAX_TRIGGERS && !triggers.contains(request.trigger())) {
        triggers.add(request.trigger());
      }
      sources.add(request.urgent() ? URGENT : request.source());
    }
  }

  private final Worker worker;
  private final AccountBudgets budgets;
  private final int capacity;
  private final ExecutorService workers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<SubjectKey, Pending> pending = new HashMap<>();
  private final Map<SubjectKey, Run> running = new HashMap<>();
  private final Map<SubjectKey, Pace> paces = new HashMap<>();
  private final long slowAfterNanos;
  private final LongSupplier ticker;
  private final LinkedHashMap<String, ArrayDeque<SubjectKey>> queues = new LinkedHashMap<>();
  private final Thread dispatcher;
  private int idle;
  private volatile boolean stopped;

  public SubjectWorkQueue(Worker worker, int concurrency, int perAccount, int capacity) {
    this(worker, concurrency, perAccount, capacity, SLOW_AFTER, System::nanoTime);
  }

  /**
   * @param slowAfter a check that runs longer is slow: its subject waits in its account's slow
   *     lanes next time
   * @param ticker nanoseconds, for the duration of checks
   */
  public SubjectWorkQueue(
      Worker worker,
      int concurrency,
      int perAccount,
      int capacity,
      Duration slowAfter,
      LongSupplier ticker) {
    if (concurrency < 1 || perAccount < 1 || capacity < 1) {
      throw new IllegalArgumentException("concurrency, perAccount and capacity must be positive");
    }
    this.worker = Objects.requireNonNull(worker, "worker");
    this.slowAfterNanos = slowAfter.toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.budgets = new AccountBudgets(perAccount, Math.max(1, concurrency / 4));
    this.capacity = capacity;
    this.idle = concurrency;
    this.workers = Executors.newFixedThreadPool(concurrency, DaemonThreadFactory.numbered("check"));
    queues.put(URGENT, new ArrayDeque<>());
    this.dispatcher = DaemonThreadFactory.named("check-dispatcher").newThread(this::dispatch);
    dispatcher.start();
  }

  /** Queues a check; the future ends with how the (possibly merged) check ended. */
  public CompletableFuture<Result> submit(Request request) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (stopped) {
        done.complete(Result.DROPPED);
        return done;
      }
      Pending known = pending.get(request.key());
      if (known != null) {
        known.merge(request);
        known.done.add(done);
        if (request.urgent() && known.queue != null && !URGENT.equals(known.queue)) {
          known.queue = URGENT;
          queues.get(URGENT).add(request.key());
        } else if (!request.urgent() && isSweep(known.queue) && shorter(request.source(), known)) {
          enqueue(known, request.source()); // the stale place in the longer queue is skipped
        }
        changed.signalAll();
        return done;
      }
      if (request.urgent() && pending.size() >= capacity) {
        done.complete(Result.DROPPED);
        return done;
      }
      Pending entry = new Pending(request);
      entry.done.add(done);
      pending.put(request.key(), entry);
      if (!running.containsKey(request.key())) {
        enqueue(entry, request.urgent() ? URGENT : request.source());
      }
      changed.signalAll();
      return done;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues several requests at once: none is taken for a check before the others joined it, so
   * requests for one bucket end in one check.
   */
  public List<CompletableFuture<Result>> submitAll(List<Request> requests) {
    lock.lock();
    try {
      return requests.stream().map(this::submit).toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops the queued sweep work of {@code source} (its policy was deleted); a bucket another sweep
   * or an urgent request also asked for stays queued for them.
   */
  public void cancel(String source) {
    lock.lock();
    try {
      // asked for while its bucket's check runs: in no queue yet
      for (Iterator<Pending> waiting = pending.values().iterator(); waiting.hasNext(); ) {
        Pending entry = waiting.next();
        if (entry.queue == null && entry.sources.remove(source) && entry.sources.isEmpty()) {
          waiting.remove();
          entry.done.forEach(d -> d.complete(Result.DROPPED));
        }
      }
      ArrayDeque<SubjectKey> queue = queues.remove(source);
      if (queue != null) {
        for (SubjectKey key : queue) {
          Pending entry = pending.get(key);
          if (entry != null && source.equals(entry.queue)) {
            entry.sources.remove(source);
            if (entry.sources.isEmpty()) {
              pending.remove(key);
              entry.done.forEach(d -> d.complete(Result.DROPPED));
            } else {
              enqueue(entry, entry.sources.iterator().next());
            }
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Buckets waiting to be checked. */
  public int waiting() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Checks running now. */
  public int running() {
    lock.lock();
    try {
      return running.size();
    } finally {
      lock.unlock();
    }
  }

  private static boolean isSweep(String queue) {
    return queue != null && !URGENT.equals(queue);
  }

  /** Whether {@code source}'s queue is shorter than the one {@code entry} waits in. */
  private boolean shorter(String source, Pending entry) {
    if (source.equals(entry.queue)) {
      return false;
    }
    ArrayDeque<SubjectKey> mine = queues.get(source);
    ArrayDeque<SubjectKey> theirs = queues.get(entry.queue);
    return (mine == null ? 0 : mine.size()) < (theirs == null ? 0 : theirs.size());
  }

  private void enqueue(Pending entry, String queue) {
    entry.queue = queue;
    queues.computeIfAbsent(queue, q -> new ArrayDeque<>()).add(entry.key);
  }

  private void dispatch() {
    while (true) {
      Pending next = null;
      lock.lock();
      try {
        while (!stopped) {
          // one reading of the clock for both: a check that turns slow between them would
          // otherwise be neither started for nor waited for
          long now = ticker.getAsLong();
          if (idle > 0 && (next = take(now)) != null) {
            break;
          }
          long overdue = nextOverdueNanos(now);
          if (overdue > 0) {
            changed.awaitNanos(overdue); // a check turning slow frees its fast lane
          } else {
            changed.await();
          }
        }
        if (stopped) {
          return;
        }
        pending.remove(next.key);
        running.put(
            next.key,
            new Run(
                next.account,
                next.takenFrom,
                ticker.getAsLong(),
                next.startsSlow,
                !paces.containsKey(next.key)));
        idle--;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Pending work = next;
      workers.execute(() -> run(work));
    }
  }

  /** The next eligible bucket: urgent first, then the sweeps in turn. Call with the lock held. */
  private Pending take(long now) {
    Pending urgent = first(URGENT, now);
    if (urgent != null) {
      return urgent;
    }
    List<String> sources = new ArrayList<>(queues.keySet());
    for (String source : sources) {
      if (URGENT.equals(source)) {
        continue;
      }
      Pending candidate = first(source, now);
      if (candidate != null) {
        // this source had its turn: it goes to the back of the line (if it has more)
        ArrayDeque<SubjectKey> queue = queues.remove(source);
        if (queue != null) {
          queues.put(source, queue);
        }
        return candidate;
      }
    }
    return null;
  }

  /** Removes and returns the first bucket of {@code source} that may run now. */
  private Pending first(String source, long now) {
    ArrayDeque<SubjectKey> queue = queues.get(source);
    if (queue == null) {
      return null;
    }
    int degraded = degraded(now);
    Iterator<SubjectKey> keys = queue.iterator();
    int scanned = 0;
    while (keys.hasNext() && scanned++ < 64) {
      SubjectKey key = keys.next();
      Pending entry = pending.get(key);
      if (entry == null || !source.equals(entry.queue)) {
        keys.remove(); // moved to the urgent queue, or cancelled
        continue;
      }
      boolean slow = expectedSlow(key, source, now);
      if (firstChecksFull(key, source, entry.account)) {
        continue;
      }
      if (budgets.mayStart(entry.account, slow, runningOf(entry.account, now), degraded)) {
        keys.remove();
        entry.takenFrom = source;
        entry.startsSlow = slow;
        if (queue.isEmpty() && !URGENT.equals(source)) {
          queues.remove(source);
        }
        return entry;
      }
    }
    if (queue.isEmpty() && !URGENT.equals(source)) {
      queues.remove(source);
    }
    return null;
  }

  /**
   * Whether {@code key} was never checked and its policy's sweep already runs as many first checks
   * in the account as {@link AccountBudgets#firstChecksPerPolicy} allows: until a bucket has been
   * checked nobody knows it is slow, and one policy's new buckets must not take every lane of the
   * account for the length of their first check. Lock held.
   */
  private boolean firstChecksFull(SubjectKey key, String queue, String account) {
    if (URGENT.equals(queue) || paces.containsKey(key)) {
      return false;
    }
    int first = 0;
    for (Run run : running.values()) {
      if (run.firstCheck() && queue.equals(run.queue()) && account.equals(run.account())) {
        first++;
      }
    }
    return first >= budgets.firstChecksPerPolicy(account);
  }

  /**
   * Whether a check of {@code key} taken from {@code queue} should wait for a slow lane: its last
   * check was slow, or it was never checked and a sweep of the same policy has slow checks running
   * (a policy whose buckets answer slowly does not fill the account's other lanes with its new
   * ones). Lock held.
   */
  private boolean expectedSlow(SubjectKey key, String queue, long now) {
    Pace pace = paces.getOrDefault(key, Pace.UNKNOWN);
    if (pace != Pace.UNKNOWN || URGENT.equals(queue)) {
      return pace == Pace.SLOW;
    }
    for (Run run : running.values()) {
      if (queue.equals(run.queue()) && slow(run, now)) {
        return true;
      }
    }
    return false;
  }

  private boolean slow(Run run, long now) {
    return run.knownSlow() || now - run.startedNanos() > slowAfterNanos;
  }

  /** {@code account}'s running checks, fast and slow. Lock held. */
  private AccountBudgets.Running runningOf(String account, long now) {
    int fast = 0;
    int slow = 0;
    for (Run run : running.values()) {
      if (run.account().equals(account)) {
        if (slow(run, now)) {
          slow++;
        } else {
          fast++;
        }
      }
    }
    return new AccountBudgets.Running(fast, slow);
  }

  /** Checks running now that are slow or of accounts whose checks fail transiently. Lock held. */
  private int degraded(long now) {
    int sum = 0;
    for (Run run : running.values()) {
      if (slow(run, now) || budgets.failing(run.account())) {
        sum++;
      }
    }
    return sum;
  }

  /** Nanoseconds until the next running check turns slow; 0 if none will. Lock held. */
  private long nextOverdueNanos(long now) {
    long next = Long.MAX_VALUE;
    for (Run run : running.values()) {
      if (!slow(run, now)) {
        next = Math.min(next, run.startedNanos() + slowAfterNanos - now + 1);
      }
    }
    return next == Long.MAX_VALUE ? 0 : Math.max(1, next);
  }

  /** The checks {@code account} may run at once now (fewer while its checks fail). */
  public int accountLimit(String account) {
    lock.lock();
    try {
      return budgets.limit(account);
    } finally {
      lock.unlock();
    }
  }

  private void run(Pending work) {
    Result result = Result.DROPPED;
    try {
      result = worker.check(work.key, work.controls, List.copyOf(work.triggers));
    } catch (RuntimeException e) {
      LOG.error("unexpected error checking {}", work.key, e);
    } finally {
      Result ended = result;
      work.done.forEach(done -> done.complete(ended));
      finished(work, ended);
    }
  }

  private void finished(Pending work, Result result) {
    lock.lock();
    try {
      Run run = running.remove(work.key);
      boolean tookLong = ticker.getAsLong() - run.startedNanos() > slowAfterNanos;
      switch (result) {
        case FAILED_TRANSIENTLY -> {
          if (!run.knownSlow() && !tookLong) {
            // failing fast (throttled, refused, unreachable) is the account's trouble; failing
            // slowly, after the threshold, is this bucket's: it waits in the slow lanes
            budgets.failed(work.account);
          }
          paces.put(work.key, Pace.SLOW);
        }
        case CHECKED -> {
          budgets.succeeded(work.account);
          paces.put(work.key, tookLong ? Pace.SLOW : Pace.FAST);
        }
        case NO_POLICY -> paces.remove(work.key);
        case DROPPED -> {}
      }
      idle++;
      Pending arrived = pending.get(work.key);
      if (arrived != null && arrived.queue == null) {
        // it takes its turn: a sweep or retry that came while the bucket was checked does not
        // jump ahead of other buckets (which would starve them where one check at a time runs)
        enqueue(arrived, arrived.nextQueue());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      pending.values().forEach(p -> p.done.forEach(d -> d.complete(Result.DROPPED)));
      pending.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    dispatcher.interrupt();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
