package io.s3posture.reconciler;

import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What policies' Synced condition says about change events: polls whether they are received and,
 * when the answer changes, asks for a status refresh of every policy. The status factories read the
 * answer from here, so status changes exactly when reception does (never on a poll).
 */
public final class ReceptionWatch implements Supplier<Optional<String>>, AutoCloseable {

  static final Duration EVERY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(ReceptionWatch.class);

  private final Supplier<Optional<String>> problem;
  private final Supplier<Collection<PolicyRef>> policies;
  private final StatusRefresh refresh;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          DaemonThreadFactory.named("change-event-reception"));
  private volatile Optional<String> current = Optional.empty();

  /**
   * @param problem why change events are not received now, empty while they are (or are off)
   * @param policies every policy whose status carries it
   */
  public ReceptionWatch(
      Supplier<Optional<String>> problem,
      Supplier<Collection<PolicyRef>> policies,
      StatusRefresh refresh) {
    this.problem = Objects.requireNonNull(problem, "problem");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
  }

  public ReceptionWatch start() {
    timer.scheduleWithFixedDelay(this::poll, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Polls once: a change refreshes every policy's status. */
  void poll() {
    try {
      Optional<String> now = problem.get();
      if (now.equals(current)) {
        return;
      }
      current = now;
      now.ifPresentOrElse(
          p -> LOG.warn("{}; policies say so in their Synced condition", p),
          () -> LOG.info("change events are received again"));
      policies.get().forEach(policy -> refresh.request(policy, Duration.ZERO));
    } catch (RuntimeException e) {
      LOG.error("cannot tell whether change events are received", e);
    }
  }

  @Override
  public Optional<String> get() {
    return current;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
