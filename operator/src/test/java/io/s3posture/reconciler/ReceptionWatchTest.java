package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.control.PolicyRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Policies' status follows change-event reception on transitions only: a change of the answer
 * refreshes every policy once; polls that find the same answer refresh nothing.
 */
class ReceptionWatchTest {

  private final List<ResourceID> refreshed = new CopyOnWriteArrayList<>();
  private final StatusRefresh refresh = new StatusRefresh();
  private final AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
  private final List<PolicyRef> policies =
      List.of(
          new PolicyRef("BucketPolicy", "team", "a", "uid-a"),
          new PolicyRef("BucketPolicy", "team", "b", "uid-b"));

  @AfterEach
  void stop() {
    refresh.close();
  }

  @Test
  void aChangeOfReceptionRefreshesEveryPolicyOnceAndPollsThatFindTheSameRefreshNothing() {
    refresh.register(
        "BucketPolicy",
        new SimpleInboundEventSource<BucketPolicy>("test") {
          @Override
          public void propagateEvent(ResourceID id) {
            refreshed.add(id);
          }
        });
    ReceptionWatch watch = new ReceptionWatch(problem::get, () -> policies, refresh);

    watch.poll();
    assertThat(watch.get()).isEmpty();
    assertThat(refreshed).as("received: nothing to say").isEmpty();

    problem.set(Optional.of("change events are not received (queue q: NetworkError)"));
    watch.poll();
    assertThat(watch.get()).isEqualTo(problem.get());
    await().until(() -> refreshed.size() == 2);
    watch.poll();
    watch.poll();

    problem.set(Optional.empty());
    watch.poll();
    assertThat(watch.get()).isEmpty();
    await().until(() -> refreshed.size() == 4);
    assertThat(refreshed)
        .extracting(ResourceID::getName)
        .as("each policy once per change, none for the polls in between")
        .containsExactlyInAnyOrder("a", "b", "a", "b");
  }
}
