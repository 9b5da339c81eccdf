package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds conditions in the standard Kubernetes shape. lastTransitionTime moves only when the
 * condition's status changes, so a status rebuilt on every check stays identical when nothing
 * changed.
 */
public final class ConditionFactory {

  private final Clock clock;

  public ConditionFactory(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Condition build(
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message,
      long generation,
      List<Condition> previous) {
    return build(type, status ? "True" : "False", reason, message, generation, previous);
  }

  /**
   * Synced: False with the problem's reason and message while there is one, otherwise True
   * CheckSucceeded with {@code checked}.
   */
  public Condition synced(
      Optional<SyncProblem> problem, String checked, long generation, List<Condition> previous) {
    return problem
        .map(p -> build(ConditionType.Synced, false, p.reason(), p.message(), generation, previous))
        .orElseGet(
            () ->
                build(
                    ConditionType.Synced,
                    true,
                    ConditionReason.CheckSucceeded,
                    checked,
                    generation,
                    previous));
  }

  public Condition unknown(
      ConditionType type,
      ConditionReason reason,
      String message,
      long generation,
      List<Condition> previous) {
    return build(type, "Unknown", reason, message, generation, previous);
  }

  /** A condition whose status is {@code True}, {@code False} or {@code Unknown}. */
  public Condition build(
      ConditionType type,
      String status,
      ConditionReason reason,
      String message,
      long generation,
      List<Condition> previous) {
    String transition =
        find(previous, type)
            .filter(old -> status.equals(old.getStatus()) && old.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElseGet(this::now);
    return new ConditionBuilder()
        .withType(type.name())
        .withStatus(status)
        .withReason(reason.name())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    return Optional.ofNullable(conditions).orElse(List.of()).stream()
        .filter(c -> type.name().equals(c.getType()))
        .findFirst();
  }

  /** The clock conditions are stamped with. */
  public Clock clock() {
    return clock;
  }

  /** RFC 3339 with second precision, as Kubernetes stores it. */
  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }
}
