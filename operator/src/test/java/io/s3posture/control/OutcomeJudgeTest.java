package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.FailureKind;
import io.s3posture.control.ControlEvidence.Conflict;
import io.s3posture.control.ControlEvidence.FailedCall;
import io.s3posture.control.ControlEvidence.UnmetDependency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outcome precedence, row by row: each case is what a check saw, and the outcome it must end
 * in. Cases where several rows could apply show which one wins. docs/engine.md shows the table.
 */
class OutcomeJudgeTest {

  private static final ControlName CONTROL = Names.VERSIONING;
  private static final PolicyRef A = new PolicyRef("BucketPolicy", "team-a", "a", "uid-a");
  private static final PolicyRef B = new PolicyRef("BucketPolicy", "team-b", "b", "uid-b");
  private static final Drift REMEDIABLE =
      Drift.of(new FieldDrift("status", "Enabled", "Suspended", Remedy.PUT));
  private static final Drift FOR_A_PERSON =
      Drift.of(new FieldDrift("mfaDelete", "Enabled", "Disabled", Remedy.NOT_REMEDIABLE));
  private static final FailedCall DENIED = new FailedCall(FailureKind.ACCESS_DENIED, "denied");
  private static final FailedCall THROTTLED = new FailedCall(FailureKind.THROTTLED, "slow down");
  private static final FailedCall GONE = new FailedCall(FailureKind.NO_SUCH_BUCKET, "no bucket");

  private static ControlEvidence.Builder enforce() {
    return ControlEvidence.of(CONTROL, Mode.Enforce);
  }

  private static ControlEvidence.Builder audit() {
    return ControlEvidence.of(CONTROL, Mode.Audit);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // what the check saw | state | reason shown | retried soon
        row(
            enforce().internalError("NPE").readFailure(DENIED).exemption(Optional.of("x")),
            OutcomeState.FAILED,
            "InternalError",
            false),
        row(enforce().notCheckedBecause(GONE), OutcomeState.FAILED, "NoSuchBucket", false),
        row(enforce().notCheckedBecause(THROTTLED), OutcomeState.FAILED, "Throttled", true),
        row(
            enforce().readFailure(DENIED).exemption(Optional.of("x")),
            OutcomeState.FAILED,
            "AccessDenied",
            false),
        row(audit().readFailure(THROTTLED), OutcomeState.FAILED, "Throttled", true),
        row(
            enforce().exemption(Optional.of("x")).drift(REMEDIABLE, Drift.NONE),
            OutcomeState.COMPLIANT,
            "Compliant",
            false),
        row(
            audit().exemption(Optional.of("x")).drift(REMEDIABLE, REMEDIABLE),
            OutcomeState.EXEMPT,
            "Exempt",
            false),
        row(audit().drift(Drift.NONE, Drift.NONE), OutcomeState.COMPLIANT, "Compliant", false),
        row(
            audit().drift(REMEDIABLE, REMEDIABLE).conflict(new Conflict(List.of(A, B), false)),
            OutcomeState.DRIFTED,
            "AuditMode",
            false),
        row(
            enforce()
                .drift(Drift.NONE, Drift.NONE)
                .conflict(new Conflict(List.of(A, B), false))
                .gateDecision(WriteGate.Decision.PAUSED),
            OutcomeState.CONFLICT,
            "Conflict",
            false),
        row(enforce().drift(Drift.NONE, Drift.NONE), OutcomeState.COMPLIANT, "Compliant", false),
        row(
            enforce()
                .drift(REMEDIABLE, REMEDIABLE)
                .gateDecision(WriteGate.Decision.PAUSED)
                .writeFailure(DENIED),
            OutcomeState.DRIFTED,
            "EnforcementPaused",
            false),
        row(
            enforce()
                .drift(REMEDIABLE, REMEDIABLE)
                .gateDecision(WriteGate.Decision.AWAITING_APPROVAL),
            OutcomeState.DRIFTED,
            "AwaitingApproval",
            false),
        row(
            enforce().drift(REMEDIABLE, REMEDIABLE).refused("would lock the operator out"),
            OutcomeState.FAILED,
            "WriteRefused",
            false),
        row(
            enforce().drift(REMEDIABLE, REMEDIABLE).writeFailure(THROTTLED),
            OutcomeState.FAILED,
            "Throttled",
            true),
        row(
            enforce()
                .drift(REMEDIABLE, REMEDIABLE)
                .unmetDependency(new UnmetDependency(Names.VERSIONING, true)),
            OutcomeState.FAILED,
            "DependencyNotMet",
            true),
        row(
            enforce().drift(REMEDIABLE, REMEDIABLE),
            OutcomeState.FAILED,
            "VerificationFailed",
            true),
        row(
            enforce().drift(FOR_A_PERSON, FOR_A_PERSON).refused("not this one"),
            OutcomeState.NEEDS_HUMAN,
            "NeedsHuman",
            false),
        row(
            enforce().drift(REMEDIABLE, Drift.NONE),
            OutcomeState.CORRECTED,
            "DriftCorrected",
            false));
  }

  private static Arguments row(
      ControlEvidence.Builder seen, OutcomeState state, String reason, boolean retrySoon) {
    return Arguments.of(seen.build(), state, reason, retrySoon);
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("cases")
  void theFirstMatchingRowDecides(
      ControlEvidence seen, OutcomeState state, String reason, boolean retrySoon) {
    ControlOutcome outcome = OutcomeJudge.judge(seen);

    assertThat(outcome.state()).isEqualTo(state);
    assertThat(outcome.reasonLabel()).isEqualTo(reason);
    assertThat(outcome.retrySoon()).as("retried soon").isEqualTo(retrySoon);
    assertThat(outcome.control()).isEqualTo(CONTROL);
  }

  @Test
  void everyRowDecidesSomeCase() {
    List<OutcomeJudge.Row> decided =
        cases().map(c -> OutcomeJudge.row((ControlEvidence) c.get()[0])).distinct().toList();

    assertThat(decided).containsExactlyInAnyOrderElementsOf(OutcomeJudge.precedence());
  }

  @Test
  void aRowGivesTheStateAndReasonItDeclares() {
    cases()
        .map(c -> (ControlEvidence) c.get()[0])
        .forEach(
            seen -> {
              OutcomeJudge.Row row = OutcomeJudge.row(seen);
              ControlOutcome outcome = OutcomeJudge.judge(seen);
              assertThat(outcome.state()).as(row.when()).isEqualTo(row.state());
              assertThat(outcome.reason()).as(row.when()).isEqualTo(row.reason());
            });
  }

  @Test
  void reportedDriftIsWhatRemainsAndFailedCorrectionsKeepWhatWasFound() {
    ControlOutcome audited = OutcomeJudge.judge(audit().drift(REMEDIABLE, FOR_A_PERSON).build());
    ControlOutcome failed =
        OutcomeJudge.judge(enforce().drift(REMEDIABLE, REMEDIABLE).writeFailure(DENIED).build());
    ControlOutcome unread = OutcomeJudge.judge(enforce().readFailure(DENIED).build());

    assertThat(audited.drift()).isEqualTo(FOR_A_PERSON);
    assertThat(failed.drift()).isEqualTo(REMEDIABLE);
    assertThat(failed.message()).isEqualTo("correction failed: denied");
    assertThat(unread.drift()).isEqualTo(Drift.NONE);
  }

  @Test
  void aConflictSaysWhoseValueTheBucketKeepsOrGot() {
    Conflict none = new Conflict(List.of(B, A), false);
    Conflict written = new Conflict(List.of(B, A), true);

    assertThat(
            OutcomeJudge.judge(enforce().drift(Drift.NONE, Drift.NONE).conflict(none).build())
                .message())
        .isEqualTo(
            "policies [team-a/a, team-b/b] require incompatible versioning; the bucket keeps this"
                + " policy's value, nothing is written");
    assertThat(
            OutcomeJudge.judge(enforce().drift(REMEDIABLE, REMEDIABLE).conflict(none).build())
                .message())
        .endsWith("; the bucket keeps a value another of them accepts, nothing is written");
    assertThat(
            OutcomeJudge.judge(enforce().drift(REMEDIABLE, Drift.NONE).conflict(written).build())
                .message())
        .endsWith("; none was met, so team-b/b's value was written");
  }

  /** docs/engine.md shows the table as the code has it, row for row. */
  @Test
  void theEngineDocShowsThePrecedenceTable() throws IOException {
    List<String> documented = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Path.of("..", "docs", "engine.md"))) {
      if (line.startsWith("<!-- outcome-precedence")) {
        inTable = true;
      } else if (inTable && line.startsWith("|") && !line.startsWith("|---")) {
        documented.add(line);
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }
    List<OutcomeJudge.Row> rows = OutcomeJudge.precedence();
    List<String> expected = new ArrayList<>(List.of("| # | what the check saw | state | reason |"));
    IntStream.range(0, rows.size())
        .mapToObj(i -> docRow(i + 1, rows.get(i)))
        .forEach(expected::add);

    assertThat(documented).as("the table in docs/engine.md").isEqualTo(expected);
  }

  private static String docRow(int number, OutcomeJudge.Row row) {
    return "| "
        + number
        + " | "
        + row.when()
        + " | "
        + row.state().word()
        + " | `"
        + row.reason()
        + "` |";
  }
}
