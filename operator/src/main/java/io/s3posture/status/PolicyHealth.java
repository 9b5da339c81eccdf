package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a policy's conditions say, as one precedence table for both kinds: the first row that
 * matches decides Ready, and whether the policy is still converging ({@code Reconciling=True}) or
 * waits for a person ({@code Stalled=True}). Ready and the two standard kstatus conditions are set
 * so that {@code kubectl wait --for=condition=Ready}, kstatus (kpt, Config Sync, Flux's health
 * checks) and the Argo CD health script read the same thing: Ready=True is done and healthy,
 * Reconciling=True is on its way, Stalled=True needs someone. The README shows this table and a
 * test compares the two. Pure.
 */
public final class PolicyHealth {

  /** Whether the policy is on its way, or waiting for a person. */
  public enum Progress {
    /** Neither: Ready says it all. */
    SETTLED,
    /** Reconciling=True: checks or retries under way will change the state without anyone. */
    RECONCILING,
    /** Stalled=True: nothing changes until a person acts (a fix, an approval, a resume). */
    STALLED
  }

  /**
   * What status knows of a policy, as its conditions need it.
   *
   * @param subjects "bucket(s)" or "the account": how messages name what was checked
   * @param checked a check of the policy completed (in this process or before a restart)
   * @param firstCheck a message while the first check is under way
   * @param cannotCheck why nothing can be checked, when nothing can
   * @param governed the subjects governed (buckets; 1 for an account)
   * @param notCompliant subjects (or controls of an account) not compliant, exemptions aside
   * @param failed of them, those whose last check failed
   * @param failuresTransient whether every failure is one a retry can end
   * @param unverified compliant when last checked, but too long ago to say so now
   * @param paused the message of a pause of the policy's writes, with how to resume
   * @param computing the message of a plan for approval still being computed
   * @param awaiting the message of a plan waiting for approval, with how to approve
   * @param summary what is not compliant, for people
   */
  public record Evidence(
      String subjects,
      boolean checked,
      String firstCheck,
      Optional<SyncProblem> cannotCheck,
      int governed,
      int notCompliant,
      int failed,
      boolean failuresTransient,
      int conflicted,
      int needsHuman,
      int unverified,
      Optional<String> paused,
      Optional<String> computing,
      Optional<String> awaiting,
      String summary) {
    public Evidence {
      Objects.requireNonNull(subjects, "subjects");
      Objects.requireNonNull(firstCheck, "firstCheck");
      Objects.requireNonNull(cannotCheck, "cannotCheck");
      Objects.requireNonNull(paused, "paused");
      Objects.requireNonNull(computing, "computing");
      Objects.requireNonNull(awaiting, "awaiting");
      Objects.requireNonNull(summary, "summary");
    }

    /** Drift and nothing worse: what an Audit control reports and does not correct. */
    boolean auditDriftOnly() {
      return notCompliant > 0 && failed == 0 && conflicted == 0 && needsHuman == 0;
    }
  }

  /**
   * One row of the table.
   *
   * @param when what status knows, for people (README)
   * @param ready Ready's status: True, False or Unknown
   */
  public record Row(
      String when,
      String ready,
      ConditionReason reason,
      Progress progress,
      Predicate<Evidence> matches,
      Function<Evidence, String> message) {}

  /** How messages name an account. */
  public static final String ACCOUNT = "the account";

  private static final List<Row> PRECEDENCE =
      List.of(
          new Row(
              "nothing can be checked, and retrying may end it (throttling, an outage)",
              "False",
              ConditionReason.ChecksFailed,
              Progress.RECONCILING,
              e -> e.cannotCheck().filter(SyncProblem::transientFailure).isPresent(),
              PolicyHealth::cannotCheck),
          new Row(
              "nothing can be checked (credentials, a refused role, access denied)",
              "False",
              ConditionReason.ChecksFailed,
              Progress.STALLED,
              e -> e.cannotCheck().isPresent(),
              PolicyHealth::cannotCheck),
          new Row(
              "the first check is under way",
              "Unknown",
              ConditionReason.NotChecked,
              Progress.RECONCILING,
              e -> !e.checked(),
              Evidence::firstCheck),
          new Row(
              "no bucket matches spec.buckets",
              "False",
              ConditionReason.NoBucketsSelected,
              Progress.STALLED,
              e -> e.governed() == 0,
              e ->
                  e.subjects().equals(OrganizationStatusFactory.MEMBERS)
                      ? "the organization has no member account to check: check"
                          + " spec.organization.excludeAccounts and that the accounts are ACTIVE"
                      : "no bucket matches spec.buckets: check the names, patterns and tags"),
          new Row(
              "checks failed, and retrying may end it",
              "False",
              ConditionReason.ChecksFailed,
              Progress.RECONCILING,
              e -> e.failed() > 0 && e.failuresTransient(),
              Evidence::summary),
          new Row(
              "checks failed (access denied, a missing bucket, a refused write)",
              "False",
              ConditionReason.ChecksFailed,
              Progress.STALLED,
              e -> e.failed() > 0,
              Evidence::summary),
          new Row(
              "policies require incompatible values",
              "False",
              ConditionReason.Conflict,
              Progress.STALLED,
              e -> e.conflicted() > 0,
              Evidence::summary),
          new Row(
              "drift only a person can correct",
              "False",
              ConditionReason.NeedsHuman,
              Progress.STALLED,
              e -> e.needsHuman() > 0,
              Evidence::summary),
          new Row(
              "drift, and the guard rails paused the policy's writes",
              "False",
              ConditionReason.EnforcementPaused,
              Progress.STALLED,
              e -> e.auditDriftOnly() && e.paused().isPresent(),
              e -> e.paused().get()),
          new Row(
              "drift, and the plan that corrects it is still being computed",
              "False",
              ConditionReason.AwaitingApproval,
              Progress.RECONCILING,
              e -> e.auditDriftOnly() && e.computing().isPresent(),
              e -> e.computing().get()),
          new Row(
              "drift, and the plan that corrects it waits for approval",
              "False",
              ConditionReason.AwaitingApproval,
              Progress.STALLED,
              e -> e.auditDriftOnly() && e.awaiting().isPresent(),
              e -> e.awaiting().get()),
          new Row(
              "some were last checked too long ago (two resync intervals) to say they hold now",
              "Unknown",
              ConditionReason.EvidenceStale,
              Progress.RECONCILING,
              e -> e.unverified() > 0,
              e ->
                  e.unverified()
                      + " of "
                      + e.governed()
                      + " "
                      + e.subjects()
                      + " were last checked more than two resync intervals ago: see Synced"),
          new Row(
              "drift reported and not corrected (Audit mode)",
              "True",
              ConditionReason.DriftDetected,
              Progress.SETTLED,
              Evidence::auditDriftOnly,
              e -> e.summary() + " (reported, not corrected: Audit mode)"),
          new Row(
              "every governed bucket (the account) holds every declared setting",
              "True",
              ConditionReason.AllCompliant,
              Progress.SETTLED,
              e -> true,
              e ->
                  e.governed() == 1 && e.subjects().equals(ACCOUNT)
                      ? "the account holds every declared setting"
                      : "all " + e.governed() + " " + e.subjects() + " compliant"));

  private PolicyHealth() {}

  /** The table, top row first. */
  public static List<Row> precedence() {
    return PRECEDENCE;
  }

  /** The row that decides {@code evidence}. */
  public static Row row(Evidence evidence) {
    return PRECEDENCE.stream()
        .filter(row -> row.matches().test(evidence))
        .findFirst()
        .orElseThrow(); // the last row matches everything
  }

  /**
   * The conditions of a policy: Ready from the first matching row, Synced as given, and Reconciling
   * or Stalled (only while True, as kstatus reads their absence as False).
   */
  public static List<Condition> conditions(
      ConditionFactory factory,
      Evidence evidence,
      Condition synced,
      long generation,
      List<Condition> previous) {
    Row row = row(evidence);
    String message = row.message().apply(evidence);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        factory.build(
            ConditionType.Ready, row.ready(), row.reason(), message, generation, previous));
    conditions.add(synced);
    if (row.progress() == Progress.RECONCILING) {
      conditions.add(
          factory.build(
              ConditionType.Reconciling, "True", row.reason(), message, generation, previous));
    } else if (row.progress() == Progress.STALLED) {
      conditions.add(
          factory.build(
              ConditionType.Stalled, "True", row.reason(), message, generation, previous));
    }
    return List.copyOf(conditions);
  }

  private static String cannotCheck(Evidence e) {
    return "nothing could be checked: " + e.cannotCheck().get().message();
  }
}
