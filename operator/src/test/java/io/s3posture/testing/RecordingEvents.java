package io.s3posture.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.events.EventReason;
import io.s3posture.events.EventWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event writer that keeps what it is given, for unit tests of whatever publishes events. */
public final class RecordingEvents implements EventWriter {

  /** One written event. */
  public record Written(String object, EventReason reason, String message) {}

  private final List<Written> written = new CopyOnWriteArrayList<>();

  @Override
  public void write(HasMetadata about, EventReason reason, String message) {
    written.add(new Written(about.getMetadata().getName(), reason, message));
  }

  public List<Written> all() {
    return List.copyOf(written);
  }

  /** The reasons written, in order. */
  public List<EventReason> reasons() {
    return written.stream().map(Written::reason).toList();
  }
}
