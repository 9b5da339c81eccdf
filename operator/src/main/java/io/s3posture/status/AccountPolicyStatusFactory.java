package io.s3posture.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.AccountPolicyStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.PublicAccessBlockState;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.ResyncInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Builds a fresh AccountPolicy status from its ledger (the account is its one subject). */
public final class AccountPolicyStatusFactory {

  private final ConditionFactory conditions;
  private final Supplier<Optional<String>> eventsNote;

  public AccountPolicyStatusFactory(ConditionFactory conditions) {
    this(conditions, Optional::empty);
  }

  /**
   * @param eventsNote as for {@link BucketPolicyStatusFactory}
   */
  public AccountPolicyStatusFactory(
      ConditionFactory conditions, Supplier<Optional<String>> eventsNote) {
    this.conditions = conditions;
    this.eventsNote = eventsNote;
  }

  /** The status of {@code policy} from what its ledger knows of its account. */
  public AccountPolicyStatus build(AccountPolicy policy, PolicyLedger ledger) {
    long generation = policy.getMetadata().getGeneration();
    List<Condition> previous = previous(policy);
    String account = policy.getSpec().aws().accountId();
    Optional<PolicyLedger.SubjectRecord> record = ledger.last(account);
    Optional<PublicAccessBlock> observed =
        record.flatMap(r -> r.facts().accountPublicAccessBlock());
    Optional<SyncProblem> cannotCheck =
        ledger
            .unreachable()
            .map(cause -> SyncProblem.nothingRead("the account could not be read", cause));
    Map<ControlName, LedgerEntry> entries = ledger.notCompliant().getOrDefault(account, Map.of());
    boolean checked = ledger.lastSweepCompleted().isPresent() || ledger.counts().restored();
    Instant bound =
        BucketPolicyStatusFactory.evidenceSince(
            conditions.clock().instant(), ResyncInterval.parse(policy.getSpec().resyncInterval()));
    Condition synced =
        conditions.synced(
            cannotCheck,
            "the account is checked" + eventsNote.get().map(note -> "; " + note).orElse(""),
            generation,
            previous);
    PolicyHealth.Evidence evidence =
        new PolicyHealth.Evidence(
            PolicyHealth.ACCOUNT,
            checked,
            "not checked yet",
            cannotCheck,
            1,
            (int) entries.values().stream().filter(e -> e.state() != OutcomeState.EXEMPT).count(),
            count(entries, OutcomeState.FAILED),
            FailedChecks.allTransient(Map.of(account, entries)),
            count(entries, OutcomeState.CONFLICT),
            count(entries, OutcomeState.NEEDS_HUMAN),
            ledger.counts(bound).unverified(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            summary(entries));
    List<Finding> findings = new ArrayList<>();
    entries.values().stream()
        .sorted(Comparator.comparing(LedgerEntry::control))
        .forEach(
            entry ->
                FindingsList.toState(entry.state())
                    .ifPresent(
                        state -> findings.add(FindingsList.finding(null, null, entry, state))));
    AccountPolicyStatus last = policy.getStatus();
    CheckTimes times =
        CheckTimes.of(
            ledger,
            ResyncInterval.parse(
                policy.getSpec() != null ? policy.getSpec().resyncInterval() : null),
            checkTimes(last));
    return new AccountPolicyStatus(
        generation,
        PolicyHealth.conditions(conditions, evidence, synced, generation, previous),
        policy.getSpec() != null && policy.getSpec().publicAccessBlock() == null
            ? null
            : observed
                .map(AccountPolicyStatusFactory::state)
                .orElse(last != null ? last.publicAccessBlock() : null),
        findings.isEmpty() ? null : findings,
        times.lastCheckTime(),
        times.staleAfter());
  }

  /** The check times {@code status} shows; none without a status. */
  static CheckTimes checkTimes(AccountPolicyStatus status) {
    return status == null
        ? new CheckTimes(null, null)
        : new CheckTimes(status.lastCheckTime(), status.staleAfter());
  }

  /**
   * What a restarted operator remembers of the account: its findings, and when its last check
   * completed (an account compliant then needs no finding to be remembered as such).
   */
  public static PolicyLedger.Remembered remembered(AccountPolicy policy) {
    AccountPolicyStatus status = policy.getStatus();
    if (status == null || policy.getSpec() == null) {
      return PolicyLedger.Remembered.NOTHING;
    }
    String account = policy.getSpec().aws().accountId();
    Map<String, Map<ControlName, LedgerEntry>> byAccount = new HashMap<>();
    if (status.findings() != null) {
      for (Finding f : status.findings()) {
        // an organization's findings name their member account
        String subject = f.account() != null ? f.account() : account;
        if (subject != null) {
          BucketPolicyMemory.fromFinding(f)
              .ifPresent(
                  e ->
                      byAccount.computeIfAbsent(subject, a -> new HashMap<>()).put(e.control(), e));
        }
      }
    }
    return new PolicyLedger.Remembered(
        byAccount, Set.of(), BucketPolicyMemory.parse(status.lastCheckTime()));
  }

  private static int count(Map<ControlName, LedgerEntry> entries, OutcomeState state) {
    return (int) entries.values().stream().filter(e -> e.state() == state).count();
  }

  /** What is not as declared, control by control. */
  private static String summary(Map<ControlName, LedgerEntry> entries) {
    List<String> parts = new ArrayList<>();
    entries.values().stream()
        .sorted(Comparator.comparing(LedgerEntry::control))
        .forEach(
            e ->
                parts.add(
                    e.control() + ": expected " + e.expected() + ", observed " + e.observed()));
    return String.join("; ", parts);
  }

  private static PublicAccessBlockState state(PublicAccessBlock flags) {
    return new PublicAccessBlockState(
        flags.blockPublicAcls(),
        flags.ignorePublicAcls(),
        flags.blockPublicPolicy(),
        flags.restrictPublicBuckets());
  }

  private static List<Condition> previous(AccountPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().conditions() != null
        ? policy.getStatus().conditions()
        : List.of();
  }
}
