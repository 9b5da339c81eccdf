package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.OrganizationStatus;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.ResyncInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the status of an AccountPolicy of an organization from its ledger, whose subjects are the
 * member accounts: counts of accounts, findings naming their account, and Synced False while the
 * organization cannot be listed (its members last listed are still checked and shown).
 */
public final class OrganizationStatusFactory {

  /** How status names the subjects. */
  public static final String MEMBERS = "member account(s)";

  /** At most this many findings, and failed accounts, are listed; the counts hold them all. */
  static final int MAX_LISTED = 100;

  private final ConditionFactory conditions;
  private final Supplier<Optional<String>> eventsNote;

  public OrganizationStatusFactory(
      ConditionFactory conditions, Supplier<Optional<String>> eventsNote) {
    this.conditions = conditions;
    this.eventsNote = eventsNote;
  }

  /** What the accounts' last checks found. */
  record Tally(int compliant, int notCompliant, int failed, int notChecked, List<String> failing) {}

  static Tally tally(Map<String, Optional<PolicyLedger.SubjectRecord>> members) {
    int compliant = 0;
    int notCompliant = 0;
    int failed = 0;
    int notChecked = 0;
    List<String> failing = new ArrayList<>();
    for (Map.Entry<String, Optional<PolicyLedger.SubjectRecord>> member : members.entrySet()) {
      Optional<PolicyLedger.SubjectRecord> record = member.getValue();
      if (record.isEmpty()) {
        notChecked++;
      } else if (record.get().state() == OutcomeState.FAILED) {
        failed++;
        failing.add(member.getKey());
      } else if (record.get().state().isCompliant()) {
        compliant++;
      } else {
        notCompliant++;
      }
    }
    return new Tally(compliant, notCompliant, failed, notChecked, List.copyOf(failing));
  }

  /**
   * @param listing why the organization cannot be listed, while it cannot
   */
  public AccountPolicyStatus build(
      AccountPolicy policy, PolicyLedger ledger, Optional<SyncProblem> listing) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous =
        policy.getStatus() != null && policy.getStatus().conditions() != null
            ? policy.getStatus().conditions()
            : List.of();
    Map<String, Optional<PolicyLedger.SubjectRecord>> members = ledger.buckets();
    Map<String, Map<ControlName, LedgerEntry>> notCompliant = ledger.notCompliant();
    Tally tally = tally(members);
    Optional<SyncProblem> unreadable =
        ledger
            .unreachable()
            .map(cause -> SyncProblem.nothingRead("no member account could be read", cause));
    Optional<SyncProblem> cannotCheck =
        unreadable.or(() -> ledger.resolved() ? Optional.empty() : listing);
    Condition synced =
        conditions.synced(
            listing.or(() -> unreadable),
            "the organization's "
                + members.size()
                + " member account(s) are checked"
                + eventsNote.get().map(note -> "; " + note).orElse(""),
            generation,
            previous);
    Instant bound =
        BucketPolicyStatusFactory.evidenceSince(
            conditions.clock().instant(), ResyncInterval.parse(policy.getSpec().resyncInterval()));
    PolicyHealth.Evidence evidence =
        new PolicyHealth.Evidence(
            MEMBERS,
            ledger.lastSweepCompleted().isPresent() || ledger.counts().restored(),
            "listing the organization's accounts and checking each",
            cannotCheck,
            members.size(),
            tally.notCompliant() + tally.failed(),
            tally.failed(),
            FailedChecks.allTransient(notCompliant),
            accountsIn(notCompliant, OutcomeState.CONFLICT),
            accountsIn(notCompliant, OutcomeState.NEEDS_HUMAN),
            ledger.counts(bound).unverified(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            summary(notCompliant, members.size()));
    CheckTimes times =
        CheckTimes.of(
            ledger,
            ResyncInterval.parse(policy.getSpec().resyncInterval()),
            AccountPolicyStatusFactory.checkTimes(policy.getStatus()));
    List<Finding> findings = findings(notCompliant);
    return new AccountPolicyStatus(
        generation,
        PolicyHealth.conditions(conditions, evidence, synced, generation, previous),
        null,
        findings.isEmpty() ? null : findings,
        times.lastCheckTime(),
        times.staleAfter(),
        new OrganizationStatus(
            members.size(),
            tally.compliant(),
            tally.notCompliant(),
            tally.failed(),
            tally.notChecked(),
            tally.failing().isEmpty()
                ? null
                : tally.failing().subList(0, Math.min(MAX_LISTED, tally.failing().size()))));
  }

  /** Findings by account, then control (the ledger's map is sorted by account). */
  private static List<Finding> findings(Map<String, Map<ControlName, LedgerEntry>> notCompliant) {
    List<Finding> findings = new ArrayList<>();
    notCompliant.forEach(
        (account, entries) ->
            entries.values().stream()
                .sorted(Comparator.comparing(LedgerEntry::control))
                .forEach(
                    entry ->
                        FindingsList.toState(entry.state())
                            .filter(state -> findings.size() < MAX_LISTED)
                            .ifPresent(
                                state ->
                                    findings.add(
                                        FindingsList.finding(null, account, entry, state)))));
    return findings;
  }

  private static int accountsIn(
      Map<String, Map<ControlName, LedgerEntry>> notCompliant, OutcomeState state) {
    return (int)
        notCompliant.values().stream()
            .filter(entries -> entries.values().stream().anyMatch(e -> e.state() == state))
            .count();
  }

  /** Which accounts are not as declared, and why, for the first few. */
  static String summary(Map<String, Map<ControlName, LedgerEntry>> notCompliant, int members) {
    List<String> parts = new ArrayList<>();
    notCompliant.entrySet().stream()
        .limit(3)
        .forEach(
            account ->
                parts.add(
                    account.getKey()
                        + ": "
                        + String.join(
                            ", ",
                            account.getValue().values().stream()
                                .sorted(Comparator.comparing(LedgerEntry::control))
                                .map(e -> e.control() + " " + e.observed())
                                .toList())));
    String more = notCompliant.size() > 3 ? "; and " + (notCompliant.size() - 3) + " more" : "";
    return notCompliant.size()
        + " of "
        + members
        + " member account(s) not compliant: "
        + String.join("; ", parts)
        + more;
  }
}
