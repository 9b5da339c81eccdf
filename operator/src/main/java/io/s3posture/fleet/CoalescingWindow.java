package io.s3posture.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * At most one change-event check per subject (bucket, account) per window, in front of the {@link
 * SubjectWorkQueue}. The first event of a bucket goes out at once (no added latency); events
 * arriving within the window after it are held and go out together when it ends (they coalesce with
 * each other and with whatever is queued for the bucket), and open the next window. A burst of
 * events for one bucket costs one check per window, and an event that arrives while its bucket is
 * being checked is still followed by a check that sees its change.
 */
public final class CoalescingWindow {

  /**
   * The operator's window: a bucket is checked at most every 2 s per burst of events (a correction
   * triggered by an event that arrives during a check waits at most this long).
   */
  public static final Duration DEFAULT = Duration.ofSeconds(2);

  /** Runs a task after a delay (a scheduled executor in the operator, by hand in tests). */
  @FunctionalInterface
  public interface Timer {
    void schedule(Runnable task, Duration delay);
  }

  private record Held(
      SubjectWorkQueue.Request request, CompletableFuture<SubjectWorkQueue.Result> done) {}

  private final Duration window;
  private final Function<
          List<SubjectWorkQueue.Request>, List<CompletableFuture<SubjectWorkQueue.Result>>>
      submit;
  private final Timer timer;

  /** Subjects whose window is open, with the requests held until it ends. */
  private final Map<SubjectKey, List<Held>> open = new HashMap<>();

  private boolean closed;

  /**
   * @param submit queues requests for one bucket together ({@link SubjectWorkQueue#submitAll})
   */
  public CoalescingWindow(
      Duration window,
      Function<List<SubjectWorkQueue.Request>, List<CompletableFuture<SubjectWorkQueue.Result>>>
          submit,
      Timer timer) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the window must be positive, got " + window);
    }
    this.window = window;
    this.submit = Objects.requireNonNull(submit, "submit");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  public Duration window() {
    return window;
  }

  /** Submits {@code request} now, or when its bucket's window ends. */
  public CompletableFuture<SubjectWorkQueue.Result> submit(SubjectWorkQueue.Request request) {
    synchronized (open) {
      if (closed) {
        return CompletableFuture.completedFuture(SubjectWorkQueue.Result.DROPPED);
      }
      List<Held> held = open.get(request.key());
      if (held != null) {
        Held waiting = new Held(request, new CompletableFuture<>());
        held.add(waiting);
        return waiting.done();
      }
      open.put(request.key(), new ArrayList<>());
    }
    timer.schedule(() -> windowEnded(request.key()), window);
    return submit.apply(List.of(request)).get(0);
  }

  /** Subjects whose window is open now. */
  public int openWindows() {
    synchronized (open) {
      return open.size();
    }
  }

  private void windowEnded(SubjectKey key) {
    List<Held> due;
    synchronized (open) {
      due = open.remove(key);
      if (due == null || due.isEmpty()) {
        return; // closed, or no event came within the window: the next one goes out at once
      }
      open.put(key, new ArrayList<>());
    }
    timer.schedule(() -> windowEnded(key), window);
    List<CompletableFuture<SubjectWorkQueue.Result>> checks =
        submit.apply(due.stream().map(Held::request).toList());
    for (int i = 0; i < due.size(); i++) {
      Held held = due.get(i);
      checks
          .get(i)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  held.done().completeExceptionally(error);
                } else {
                  held.done().complete(result);
                }
              });
    }
  }

  /** Held requests end as dropped; nothing is submitted any more. */
  public void close() {
    List<Held> dropped = new ArrayList<>();
    synchronized (open) {
      closed = true;
      open.values().forEach(dropped::addAll);
      open.clear();
    }
    dropped.forEach(h -> h.done().complete(SubjectWorkQueue.Result.DROPPED));
  }
}
