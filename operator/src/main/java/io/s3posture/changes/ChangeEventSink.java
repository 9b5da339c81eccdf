package io.s3posture.changes;

import java.util.concurrent.CompletionStage;

/**
 * Where change events go: the engine's side. The source deletes a message from its queue when the
 * returned stage completes, whatever the {@link Disposition}; a stage that fails (or a sink that
 * throws) leaves the message in the queue, to be delivered again after its visibility timeout.
 *
 * <p>{@code accept} is called on the source's receiving thread and must not block: enqueue the work
 * and return a stage that completes when it is done (or deliberately dropped).
 */
@FunctionalInterface
public interface ChangeEventSink {

  CompletionStage<Disposition> accept(ChangeEvent event);

  /** What the engine did with an event. The label is a stable metric label value. */
  enum Disposition {
    /** A check ran for the event (or the check it was coalesced into). */
    CHECKED("checked"),
    /** The operator's own write: no check. */
    IGNORED_OWN_WRITE("ignored_own_write"),
    /** The call failed (CloudTrail recorded an error code), so nothing changed: no check. */
    IGNORED_FAILED_CALL("ignored_failed_call"),
    /** No policy governs the bucket (or the account). */
    NO_POLICY("no_policy"),
    /** An event name the engine does not map to any control. */
    UNKNOWN_EVENT("unknown_event"),
    /** Deliberately dropped under overload; the periodic resync covers the bucket. */
    DROPPED_OVERLOAD("dropped_overload");

    private final String label;

    Disposition(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
