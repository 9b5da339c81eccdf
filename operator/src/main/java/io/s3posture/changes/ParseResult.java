package io.s3posture.changes;

import java.util.Objects;

/** What a queue message turned out to be: a change event, or rejected with a reason. */
public sealed interface ParseResult {

  record Parsed(ChangeEvent event) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * @param detail what exactly was wrong, for the log (a field name, a detail-type, a JSON error)
   */
  record Rejected(RejectReason reason, String detail) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean malformed() {
      return reason.kind() == RejectReason.Kind.MALFORMED;
    }
  }
}
