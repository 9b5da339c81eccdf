package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 *       take every worker); an account whose checks fail transiently runs one at a time, and all
 *       such accounts together at most a quarter of the workers ({@link AccountBudgets});
 *   <li>at most {@code capacity} buckets wait; beyond, urgent requests are refused (sweeps are not:
 *       they are bounded by the fleet).
 * </ul>
 */
public final class SubjectWorkQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubjectWorkQueue.class);
  private static final String URGENT = "";
  private static final int MAX_TRIGGERS = 8;

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
  private final Set<SubjectKey> running = new HashSet<>();
  private final Map<String, Integer> runningPerAccount = new HashMap<>();
  private final LinkedHashMap<String, ArrayDeque<SubjectKey>> queues = new LinkedHashMap<>();
  private final Thread dispatcher;
  private int idle;
  private volatile boolean stopped;

  public SubjectWorkQueue(Worker worker, int concurrency, int perAccount, int capacity) {
    if (concurrency < 1 || perAccount < 1 || capacity < 1) {
      throw new IllegalArgumentException("concurrency, perAccount and capacity must be positive");
    }
    this.worker = Objects.requireNonNull(worker, "worker");
    this.budgets = new AccountBudgets(perAccount, Math.max(1, concurrency / 4));
    this.capacity = capacity;
    this.idle = concurrency;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            concurrency,
            task -> {
              Thread thread = new Thread(task, "check-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    queues.put(URGENT, new ArrayDeque<>());
    this.dispatcher = new Thread(this::dispatch, "check-dispatcher");
    dispatcher.setDaemon(true);
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
      if (!running.contains(request.key())) {
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
        while (!stopped && (idle == 0 || (next = take()) == null)) {
          changed.await();
        }
        if (stopped) {
          return;
        }
        pending.remove(next.key);
        running.add(next.key);
        runningPerAccount.merge(next.account, 1, Integer::sum);
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
  private Pending take() {
    Pending urgent = first(URGENT);
    if (urgent != null) {
      return urgent;
    }
    List<String> sources = new ArrayList<>(queues.keySet());
    for (String source : sources) {
      if (URGENT.equals(source)) {
        continue;
      }
      Pending candidate = first(source);
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
  private Pending first(String source) {
    ArrayDeque<SubjectKey> queue = queues.get(source);
    if (queue == null) {
      return null;
    }
    int runningFailing = runningFailing();
    Iterator<SubjectKey> keys = queue.iterator();
    int scanned = 0;
    while (keys.hasNext() && scanned++ < 64) {
      SubjectKey key = keys.next();
      Pending entry = pending.get(key);
      if (entry == null || !source.equals(entry.queue)) {
        keys.remove(); // moved to the urgent queue, or cancelled
        continue;
      }
      if (budgets.mayStart(
          entry.account, runningPerAccount.getOrDefault(entry.account, 0), runningFailing)) {
        keys.remove();
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

  /** Checks running now for accounts whose last check failed transiently. Lock held. */
  private int runningFailing() {
    int sum = 0;
    for (Map.Entry<String, Integer> entry : runningPerAccount.entrySet()) {
      if (budgets.failing(entry.getKey())) {
        sum += entry.getValue();
      }
    }
    return sum;
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
      if (result == Result.FAILED_TRANSIENTLY) {
        budgets.failed(work.account);
      } else if (result == Result.CHECKED) {
        budgets.succeeded(work.account);
      }
      running.remove(work.key);
      runningPerAccount.computeIfPresent(work.account, (a, n) -> n > 1 ? n - 1 : null);
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
