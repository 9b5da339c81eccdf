package io.s3posture.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DaemonThreadFactoryTest {

  @Test
  void numberedThreadsCountFromOneInTheOrderTheyAreMade() {
    DaemonThreadFactory factory = DaemonThreadFactory.numbered("check");

    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add(factory.newThread(() -> {}).getName());
    }

    assertThat(names).containsExactly("check-1", "check-2", "check-3");
  }

  @Test
  void eachFactoryCountsOnItsOwn() {
    DaemonThreadFactory route = DaemonThreadFactory.numbered("change-events-route");
    DaemonThreadFactory events = DaemonThreadFactory.numbered("change-events");
    route.newThread(() -> {});
    route.newThread(() -> {});

    assertThat(events.newThread(() -> {}).getName()).isEqualTo("change-events-1");
    assertThat(route.newThread(() -> {}).getName()).isEqualTo("change-events-route-3");
  }

  @Test
  void namedThreadsAllCarryTheName() {
    DaemonThreadFactory factory = DaemonThreadFactory.named("retries");

    assertThat(factory.newThread(() -> {}).getName()).isEqualTo("retries");
    assertThat(factory.newThread(() -> {}).getName()).isEqualTo("retries");
  }

  @Test
  void threadsAreDaemonsEvenWhenMadeByAThreadThatIsNot() throws Exception {
    AtomicBoolean madeByDaemon = new AtomicBoolean(true);
    Thread[] made = new Thread[2];
    Thread maker =
        new Thread(
            () -> {
              madeByDaemon.set(Thread.currentThread().isDaemon());
              made[0] = DaemonThreadFactory.numbered("audit").newThread(() -> {});
              made[1] = DaemonThreadFactory.named("plan").newThread(() -> {});
            });
    maker.setDaemon(false);
    maker.start();
    maker.join();

    assertThat(madeByDaemon).isFalse();
    assertThat(made).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
    assertThat(made)
        .allSatisfy(thread -> assertThat(thread.getState()).isEqualTo(Thread.State.NEW));
  }

  @Test
  void anExecutorRunsTasksOnTheNamedThreads() throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(2, DaemonThreadFactory.numbered("tag-select"));
    try {
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), pool);
      CompletableFuture<Boolean> daemon =
          CompletableFuture.supplyAsync(() -> Thread.currentThread().isDaemon(), pool);

      assertThat(first.get(30, TimeUnit.SECONDS)).matches("tag-select-[12]");
      assertThat(daemon.get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNameIsRequired() {
    assertThatNullPointerException().isThrownBy(() -> DaemonThreadFactory.named(null));
    assertThatNullPointerException().isThrownBy(() -> DaemonThreadFactory.numbered(null));
  }
}
