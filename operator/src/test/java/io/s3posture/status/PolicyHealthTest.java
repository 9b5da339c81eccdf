package io.s3posture.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.docs.DocumentedCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The conditions of a policy, row by row: every row decides a case of its own, a case where several
 * rows apply goes to the first, and the README shows the table as the code has it, with what
 * kstatus and Argo CD make of each row (GitOpsHealthIT runs the real tools on each).
 */
public class PolicyHealthTest {

  private static final SyncProblem DENIED =
      new SyncProblem(ConditionReason.AwsCallFailed, "no AWS credentials: ...", false);
  private static final SyncProblem OUTAGE =
      new SyncProblem(ConditionReason.AwsCallFailed, "connection refused", true);

  /** A case of each row, in the order of the table: healthy, then worse, then the first check. */
  public static List<PolicyHealth.Evidence> cases() {
    return List.of(
        evidence().cannotCheck(OUTAGE).failed(3, true).build(),
        evidence().cannotCheck(DENIED).failed(3, false).build(),
        evidence().checked(false).build(),
        evidence().governed(0).build(),
        evidence().failed(1, true).drifted(1).build(),
        evidence().failed(1, false).conflicted(1).needsHuman(1).build(),
        evidence().conflicted(1).needsHuman(1).build(),
        evidence().needsHuman(1).paused().build(),
        evidence().drifted(2).paused().computing().build(),
        evidence().drifted(2).computing().build(),
        evidence().drifted(2).awaiting().build(),
        evidence().unverified(2).drifted(1).build(),
        evidence().drifted(2).build(),
        evidence().build());
  }

  @Test
  void eachRowDecidesItsCaseAndTheFirstMatchingRowWins() {
    List<PolicyHealth.Row> rows = PolicyHealth.precedence();

    assertThat(cases().stream().map(PolicyHealth::row).toList()).isEqualTo(rows);
  }

  @Test
  void readyReconcilingAndStalledAreSetAsTheRowSays() {
    ConditionFactory factory =
        new ConditionFactory(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    Condition synced =
        factory.build(ConditionType.Synced, true, ConditionReason.CheckSucceeded, "", 1, List.of());
    for (PolicyHealth.Evidence evidence : cases()) {
      PolicyHealth.Row row = PolicyHealth.row(evidence);
      List<Condition> conditions = PolicyHealth.conditions(factory, evidence, synced, 1, List.of());

      assertThat(conditions.get(0).getType()).isEqualTo("Ready");
      assertThat(conditions.get(0).getStatus()).as(row.when()).isEqualTo(row.ready());
      assertThat(conditions.get(0).getReason()).as(row.when()).isEqualTo(row.reason().name());
      assertThat(conditions.get(1)).isEqualTo(synced);
      List<String> extra = conditions.stream().skip(2).map(Condition::getType).toList();
      switch (row.progress()) {
        case SETTLED -> assertThat(extra).as(row.when()).isEmpty();
        case RECONCILING -> assertThat(extra).as(row.when()).containsExactly("Reconciling");
        case STALLED -> assertThat(extra).as(row.when()).containsExactly("Stalled");
      }
      assertThat(row.ready().equals("True"))
          .as("%s: Ready only when settled", row.when())
          .isEqualTo(row.progress() == PolicyHealth.Progress.SETTLED);
    }
  }

  @Test
  void nothingCheckableSaysWhyInReadyWhereKubectlShowsIt() {
    PolicyHealth.Evidence denied = evidence().cannotCheck(DENIED).build();

    assertThat(PolicyHealth.row(denied).message().apply(denied))
        .isEqualTo("nothing could be checked: no AWS credentials: ...");
  }

  /** The README's table is the code's, with each row's verdict by kstatus and Argo CD. */
  @Test
  void theReadmeShowsTheTable() throws IOException {
    List<String> documented = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(DocumentedCommands.REPOSITORY.resolve("README.md"))) {
      if (line.startsWith("<!-- policy-health")) {
        inTable = true;
      } else if (inTable && line.startsWith("| ") && !line.startsWith("| #")) {
        documented.add(line);
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }
    List<PolicyHealth.Row> rows = PolicyHealth.precedence();
    List<String> expected =
        IntStream.range(0, rows.size()).mapToObj(i -> readmeRow(i + 1, rows.get(i))).toList();

    assertThat(documented).isEqualTo(expected);
  }

  private static String readmeRow(int number, PolicyHealth.Row row) {
    return Stream.of(
            String.valueOf(number),
            row.when(),
            "`" + row.ready() + "` `" + row.reason() + "`",
            switch (row.progress()) {
              case SETTLED -> "";
              case RECONCILING -> "`Reconciling`";
              case STALLED -> "`Stalled`";
            },
            GitOpsVerdict.kstatus(row),
            GitOpsVerdict.argo(row),
            row.ready().equals("True") ? "returns" : "waits")
        .reduce("|", (line, cell) -> line + " " + cell + " |")
        .replace("|  |", "| |");
  }

  static EvidenceBuilder evidence() {
    return new EvidenceBuilder();
  }

  /** Evidence of a checked, compliant 10-bucket policy, changed field by field. */
  static final class EvidenceBuilder {
    private boolean checked = true;
    private Optional<SyncProblem> cannotCheck = Optional.empty();
    private int governed = 10;
    private int failed;
    private boolean failuresTransient = true;
    private int conflicted;
    private int needsHuman;
    private int drifted;
    private int unverified;
    private Optional<String> paused = Optional.empty();
    private Optional<String> computing = Optional.empty();
    private Optional<String> awaiting = Optional.empty();

    EvidenceBuilder checked(boolean value) {
      checked = value;
      return this;
    }

    EvidenceBuilder cannotCheck(SyncProblem problem) {
      cannotCheck = Optional.of(problem);
      return this;
    }

    EvidenceBuilder governed(int value) {
      governed = value;
      return this;
    }

    EvidenceBuilder failed(int value, boolean transientFailures) {
      failed = value;
      failuresTransient = transientFailures;
      return this;
    }

    EvidenceBuilder conflicted(int value) {
      conflicted = value;
      return this;
    }

    EvidenceBuilder needsHuman(int value) {
      needsHuman = value;
      return this;
    }

    EvidenceBuilder drifted(int value) {
      drifted = value;
      return this;
    }

    EvidenceBuilder unverified(int value) {
      unverified = value;
      return this;
    }

    EvidenceBuilder paused() {
      paused = Optional.of("paused; resume with: kubectl annotate ...");
      return this;
    }

    EvidenceBuilder computing() {
      computing =
          Optional.of("the plan for approval is being computed: 3 bucket(s) still to be checked");
      return this;
    }

    EvidenceBuilder awaiting() {
      awaiting = Optional.of("1 write(s) wait for approval");
      return this;
    }

    PolicyHealth.Evidence build() {
      return new PolicyHealth.Evidence(
          "bucket(s)",
          checked,
          "not checked yet",
          cannotCheck,
          governed,
          failed + conflicted + needsHuman + drifted,
          failed,
          failuresTransient,
          conflicted,
          needsHuman,
          unverified,
          paused,
          computing,
          awaiting,
          "summary");
    }
  }
}
