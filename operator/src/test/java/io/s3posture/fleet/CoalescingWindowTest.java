package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.control.ControlName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At most one change-event check per bucket per window: the first event goes out at once, the
 * others of the window wait for its end and end in one check, and nothing is lost.
 */
class CoalescingWindowTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);

  /** The window's timer, fired by hand. */
  private final List<Runnable> timers = new CopyOnWriteArrayList<>();

  private final List<List<SubjectWorkQueue.Request>> submitted = new CopyOnWriteArrayList<>();
  private SubjectWorkQueue queue;

  @AfterEach
  void stop() {
    if (queue != null) {
      queue.close();
    }
  }

  private CoalescingWindow recordingWindow() {
    return new CoalescingWindow(
        WINDOW,
        requests -> {
          submitted.add(requests);
          return requests.stream()
              .map(r -> CompletableFuture.completedFuture(SubjectWorkQueue.Result.CHECKED))
              .toList();
        },
        (task, delay) -> {
          assertThat(delay).isEqualTo(WINDOW);
          timers.add(task);
        });
  }

  private void fireTimers() {
    List<Runnable> due = new ArrayList<>(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void theFirstEventOfABucketGoesOutAtOnceAndTheOthersWhenTheWindowEnds() {
    CoalescingWindow window = recordingWindow();

    CompletableFuture<SubjectWorkQueue.Result> first = window.submit(event("a", "PutBucketAcl"));
    assertThat(first).isCompletedWithValue(SubjectWorkQueue.Result.CHECKED);
    assertThat(submitted).hasSize(1);

    CompletableFuture<SubjectWorkQueue.Result> second = window.submit(event("a", "PutBucketAcl"));
    CompletableFuture<SubjectWorkQueue.Result> third = window.submit(event("a", "PutBucketPolicy"));
    CompletableFuture<SubjectWorkQueue.Result> other = window.submit(event("b", "PutBucketAcl"));
    assertThat(second).as("held until the window ends").isNotDone();
    assertThat(third).isNotDone();
    assertThat(other).as("another bucket has its own window").isDone();
    assertThat(submitted).hasSize(2);

    fireTimers();
    assertThat(submitted).hasSize(3);
    assertThat(submitted.get(2))
        .as("the held events of the window, together")
        .extracting(r -> r.trigger().eventName().orElseThrow())
        .containsExactly("PutBucketAcl", "PutBucketPolicy");
    assertThat(second).isCompletedWithValue(SubjectWorkQueue.Result.CHECKED);
    assertThat(third).isCompletedWithValue(SubjectWorkQueue.Result.CHECKED);

    fireTimers(); // a window in which nothing arrived closes
    assertThat(window.openWindows()).isZero();
    window.submit(event("a", "PutBucketAcl"));
    assertThat(submitted).as("the next event goes out at once again").hasSize(4);
  }

  @Test
  void aThousandEventsForAHundredBucketsWithinOneWindowCostTwoChecksPerBucket() {
    Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    Map<String, Set<ControlName>> controls = new ConcurrentHashMap<>();
    queue =
        new SubjectWorkQueue(
            (key, only, why) -> {
              checks.computeIfAbsent(key.name(), b -> new AtomicInteger()).incrementAndGet();
              only.ifPresent(c -> controls.put(key.name(), c));
              return SubjectWorkQueue.Result.CHECKED;
            },
            4,
            4,
            10_000);
    CoalescingWindow window =
        new CoalescingWindow(WINDOW, queue::submitAll, (t, d) -> timers.add(t));

    List<CompletableFuture<SubjectWorkQueue.Result>> done = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String event = i % 3 == 0 ? "PutBucketPolicy" : "PutBucketAcl";
      done.add(window.submit(event("burst-" + (i % 100), event)));
    }
    await().until(() -> checks.values().stream().mapToInt(AtomicInteger::get).sum() == 100);
    fireTimers();
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

    assertThat(done)
        .allSatisfy(d -> assertThat(d).isCompletedWithValue(SubjectWorkQueue.Result.CHECKED));
    assertThat(checks).hasSize(100);
    assertThat(checks.values())
        .as("one check at the first event, one for the rest of the window")
        .allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
    assertThat(controls.values())
        .as("the held events' controls, merged")
        .allSatisfy(
            c ->
                assertThat(c)
                    .containsExactlyInAnyOrder(
                        ControlName.of("noPublicAcl"), ControlName.of("tlsOnly")));
  }

  @Test
  void closingDropsWhatIsHeld() {
    CoalescingWindow window = recordingWindow();
    window.submit(event("a", "PutBucketAcl"));
    CompletableFuture<SubjectWorkQueue.Result> held = window.submit(event("a", "PutBucketAcl"));

    window.close();

    assertThat(held).isCompletedWithValue(SubjectWorkQueue.Result.DROPPED);
    assertThat(window.submit(event("c", "PutBucketAcl")))
        .isCompletedWithValue(SubjectWorkQueue.Result.DROPPED);
    fireTimers();
    assertThat(submitted).hasSize(1);
  }

  private static SubjectWorkQueue.Request event(String bucket, String eventName) {
    ControlName control =
        ControlName.of("PutBucketAcl".equals(eventName) ? "noPublicAcl" : "tlsOnly");
    return new SubjectWorkQueue.Request(
        new BucketKey("aws", bucket),
        ChangeEventRouter.SOURCE,
        true,
        Optional.of(Set.of(control)),
        Trigger.changeEvent(
            eventName, Optional.of("arn:aws:iam::111122223333:user/mallory"), Instant.EPOCH),
        "aws/111122223333");
  }
}
