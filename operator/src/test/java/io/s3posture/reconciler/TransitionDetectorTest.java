package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.control.BucketResult;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeState;
import io.s3posture.status.OutcomeHistory.Entry;
import io.s3posture.status.OutcomeHistory.Key;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransitionDetectorTest {

  private static final Key KEY = new Key("b", ControlName.VERSIONING);
  private final TransitionDetector detector = new TransitionDetector();

  @ParameterizedTest(name = "{0}({1}) -> {2}({3}): event {4}")
  @CsvSource({
    // previous state (NONE = compliant, not recorded), previous reason, new state, new reason,
    // event?
    "NONE, -, COMPLIANT, Compliant, false",
    "NONE, -, DRIFTED, AuditMode, true",
    "DRIFTED, AuditMode, DRIFTED, AuditMode, false",
    "DRIFTED, AuditMode, COMPLIANT, Compliant, true",
    "NONE, -, CORRECTED, DriftCorrected, true",
    "FAILED, AccessDenied, CORRECTED, DriftCorrected, true",
    "NONE, -, FAILED, AccessDenied, true",
    "FAILED, AccessDenied, FAILED, AccessDenied, false",
    "FAILED, AccessDenied, FAILED, Throttled, true",
    "NEEDS_HUMAN, NeedsHuman, NEEDS_HUMAN, NeedsHuman, false",
    "NONE, -, CONFLICT, Conflict, true",
    "CONFLICT, Conflict, CONFLICT, Conflict, false",
    "CONFLICT, Conflict, COMPLIANT, Compliant, true"
  })
  void eventsOnlyOnChange(
      String before, String beforeReason, OutcomeState after, String reason, boolean event) {
    Map<Key, Entry> previous =
        before.equals("NONE")
            ? Map.of()
            : Map.of(
                KEY, new Entry(OutcomeState.valueOf(before), beforeReason, "2026-01-01T00:00:00Z"));

    TransitionDetector.Comparison comparison =
        detector.compare(previous, List.of(result(after, reason)), "2026-02-02T00:00:00Z");

    assertThat(comparison.transitions()).hasSize(event ? 1 : 0);
    if (after.isCompliant()) {
      assertThat(comparison.history()).doesNotContainKey(KEY);
    } else {
      String since = before.equals(after.name()) ? "2026-01-01T00:00:00Z" : "2026-02-02T00:00:00Z";
      assertThat(comparison.history().get(KEY)).isEqualTo(new Entry(after, reason, since));
    }
  }

  private static BucketResult result(OutcomeState state, String reason) {
    Drift drift =
        state == OutcomeState.COMPLIANT
            ? Drift.NONE
            : Drift.of(FieldDrift.put("status", "Enabled", "Suspended"));
    return new BucketResult(
        "b", List.of(new ControlOutcome(ControlName.VERSIONING, state, drift, reason, "m", false)));
  }
}
