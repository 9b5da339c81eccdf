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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Optional<String> problem = record.flatMap(PolicyLedger.SubjectRecord::unreadable);
    Map<ControlName, LedgerEntry> entries = ledger.notCompliant().getOrDefault(account, Map.of());
    boolean checked = ledger.lastSweepCompleted().isPresent();
    Condition ready = ready(entries, checked, generation, previous);
    Condition synced =
        problem
            .map(
                message ->
                    conditions.build(
                        ConditionType.Synced,
                        false,
                        ConditionReason.AwsCallFailed,
                        message,
                        generation,
                        previous))
            .orElseGet(
                () ->
                    conditions.build(
                        ConditionType.Synced,
                        true,
                        ConditionReason.CheckSucceeded,
                        "the account is checked"
                            + eventsNote.get().map(note -> "; " + note).orElse(""),
                        generation,
                        previous));
    List<Finding> findings = new ArrayList<>();
    entries.values().stream()
        .sorted(java.util.Comparator.comparing(LedgerEntry::control))
        .forEach(
            entry ->
                FindingsList.toState(entry.state())
                    .ifPresent(
                        state ->
                            findings.add(
                                new Finding(
                                    null,
                                    entry.control().specName(),
                                    state,
                                    entry.expected(),
                                    entry.observed(),
                                    entry.message(),
                                    entry.reason(),
                                    BucketPolicyStatusFactory.format(entry.since())))));
    AccountPolicyStatus last = policy.getStatus();
    return new AccountPolicyStatus(
        generation,
        List.of(ready, synced),
        policy.getSpec() != null && policy.getSpec().publicAccessBlock() == null
            ? null
            : observed
                .map(AccountPolicyStatusFactory::state)
                .orElse(last != null ? last.publicAccessBlock() : null),
        findings.isEmpty() ? null : findings,
        ledger
            .lastSweepCompleted()
            .map(BucketPolicyStatusFactory::checkTime)
            .orElse(last != null ? last.lastCheckTime() : null),
        ledger
            .lastSweepCompleted()
            .map(
                done ->
                    BucketPolicyStatusFactory.staleAfter(
                        done,
                        io.s3posture.fleet.ResyncInterval.parse(
                            policy.getSpec() != null ? policy.getSpec().resyncInterval() : null)))
            .orElse(last != null ? last.staleAfter() : null));
  }

  /** What a restarted operator remembers of the account: its findings. */
  public static Map<String, Map<ControlName, LedgerEntry>> remembered(AccountPolicy policy) {
    AccountPolicyStatus status = policy.getStatus();
    Map<ControlName, LedgerEntry> entries = new HashMap<>();
    if (status != null && status.findings() != null) {
      for (Finding f : status.findings()) {
        if (f.control() == null || f.state() == null || f.since() == null) {
          continue;
        }
        OutcomeState state = FindingsList.toOutcome(f.state());
        ControlName control = ControlName.of(f.control());
        entries.put(
            control,
            new LedgerEntry(
                control,
                state,
                String.valueOf(f.reason()),
                String.valueOf(f.expected()),
                String.valueOf(f.observed()),
                String.valueOf(f.action()),
                Instant.parse(f.since()),
                state));
      }
    }
    return entries.isEmpty() || policy.getSpec() == null
        ? Map.of()
        : Map.of(policy.getSpec().aws().accountId(), entries);
  }

  private Condition ready(
      Map<ControlName, LedgerEntry> entries,
      boolean checked,
      long generation,
      List<Condition> previous) {
    if (!checked && entries.isEmpty()) {
      return conditions.unknown(
          ConditionType.Ready, ConditionReason.NotChecked, "not checked yet", generation, previous);
    }
    if (entries.isEmpty()) {
      return conditions.build(
          ConditionType.Ready,
          true,
          ConditionReason.AllCompliant,
          "the account holds every declared setting",
          generation,
          previous);
    }
    OutcomeState worst =
        entries.values().stream()
            .map(LedgerEntry::state)
            .max(java.util.Comparator.naturalOrder())
            .orElseThrow();
    ConditionReason reason =
        switch (worst) {
          case FAILED -> ConditionReason.ChecksFailed;
          case CONFLICT -> ConditionReason.Conflict;
          case NEEDS_HUMAN -> ConditionReason.NeedsHuman;
          default -> ConditionReason.DriftDetected;
        };
    List<String> parts = new ArrayList<>();
    entries.values().stream()
        .sorted(java.util.Comparator.comparing(LedgerEntry::control))
        .forEach(
            e ->
                parts.add(
                    e.control() + ": expected " + e.expected() + ", observed " + e.observed()));
    return conditions.build(
        ConditionType.Ready, false, reason, String.join("; ", parts), generation, previous);
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
