package io.s3posture.changes;

import io.s3posture.changes.ChangeEventSink.Disposition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real sink for tests: records every event and answers with what {@code answer} says: a
 * disposition now, a stage the test completes later ({@link #hold()}), or a failure.
 */
final class RecordingSink implements ChangeEventSink {

  private final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Disposition>> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private volatile Function<ChangeEvent, CompletionStage<Disposition>> answer;

  private RecordingSink(Function<ChangeEvent, CompletionStage<Disposition>> answer) {
    this.answer = answer;
  }

  /** Completes every event at once with {@code disposition}. */
  static RecordingSink answering(Disposition disposition) {
    return new RecordingSink(event -> CompletableFuture.completedFuture(disposition));
  }

  /** Keeps every stage open until {@link #completeHeld(Disposition)}. */
  static RecordingSink holding() {
    RecordingSink sink = new RecordingSink(null);
    sink.answer = event -> sink.hold();
    return sink;
  }

  static RecordingSink with(Function<ChangeEvent, CompletionStage<Disposition>> answer) {
    return new RecordingSink(answer);
  }

  void answer(Function<ChangeEvent, CompletionStage<Disposition>> value) {
    this.answer = value;
  }

  @Override
  public CompletionStage<Disposition> accept(ChangeEvent event) {
    events.add(event);
    maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
    return answer.apply(event).whenComplete((disposition, error) -> outstanding.decrementAndGet());
  }

  CompletableFuture<Disposition> hold() {
    CompletableFuture<Disposition> stage = new CompletableFuture<>();
    held.add(stage);
    return stage;
  }

  /** Completes every stage held so far. */
  void completeHeld(Disposition disposition) {
    List<CompletableFuture<Disposition>> now = new ArrayList<>(held);
    held.removeAll(now);
    now.forEach(stage -> stage.complete(disposition));
  }

  List<ChangeEvent> events() {
    return List.copyOf(events);
  }

  int outstanding() {
    return outstanding.get();
  }

  /** The most events the sink had accepted and not completed at any one time. */
  int maxOutstanding() {
    return maxOutstanding.get();
  }
}
