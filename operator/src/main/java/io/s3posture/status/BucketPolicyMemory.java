package io.s3posture.status;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicyStatus;
import io.s3posture.api.v1alpha1.EnforcementStatus;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.PlanStatus;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.LedgerMemory;
import io.s3posture.fleet.PolicyGuardrails;
import io.s3posture.fleet.PolicyLedger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a restarted operator (or a new leader) takes from a BucketPolicy's status to continue where
 * the last one stopped: its ledger (findings with their texts, what {@code status.remembered} adds,
 * the buckets corrected in their last check, when the last check completed) and its guard rails.
 */
public final class BucketPolicyMemory {

  private BucketPolicyMemory() {}

  /** The ledger a restarted operator starts from. */
  public static PolicyLedger.Remembered ledger(BucketPolicyStatus status) {
    if (status == null) {
      return PolicyLedger.Remembered.NOTHING;
    }
    Map<String, Map<ControlName, LedgerEntry>> entries = new LinkedHashMap<>();
    if (status.findings() != null) {
      for (Finding f : status.findings()) {
        fromFinding(f)
            .ifPresent(
                entry ->
                    entries
                        .computeIfAbsent(f.bucket(), b -> new HashMap<>())
                        .put(entry.control(), entry));
      }
    }
    Map<String, Map<ControlName, LedgerEntry>> remembered =
        status.remembered() != null
            ? LedgerMemory.decode(status.remembered())
            : LedgerMemory.decodeLegacy(status.memory());
    remembered.forEach(
        (bucket, controls) ->
            controls.forEach(
                (control, entry) ->
                    entries
                        .computeIfAbsent(bucket, b -> new HashMap<>())
                        .merge(control, entry, BucketPolicyMemory::withTexts)));
    return new PolicyLedger.Remembered(
        entries, LedgerMemory.corrected(status.remembered()), parse(status.lastCheckTime()));
  }

  /** A finding as the ledger keeps it; a failed one was compliant before, unless remembered. */
  static Optional<LedgerEntry> fromFinding(Finding f) {
    if (f.control() == null || f.state() == null || f.since() == null) {
      return Optional.empty();
    }
    try {
      OutcomeState state = FindingsList.toOutcome(f.state());
      return Optional.of(
          new LedgerEntry(
              ControlName.of(f.control()),
              state,
              String.valueOf(f.reason()),
              nonNull(f.expected()),
              nonNull(f.observed()),
              nonNull(f.action()),
              Instant.parse(f.since()),
              state == OutcomeState.FAILED ? OutcomeState.COMPLIANT : state));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The finding's texts, with the remembered state before a failure. */
  private static LedgerEntry withTexts(LedgerEntry finding, LedgerEntry remembered) {
    return new LedgerEntry(
        finding.control(),
        finding.state(),
        finding.reason(),
        finding.expected(),
        finding.observed(),
        finding.message(),
        finding.since(),
        remembered.known());
  }

  /**
   * The guard rails a restarted operator takes from status: the annotations it honoured, and, if
   * the status was written for the policy's current generation, its pause and whether the spec's
   * first sweep was complete (a pause of an older spec no longer holds).
   */
  public static PolicyGuardrails.Remembered guardrails(BucketPolicy policy) {
    BucketPolicyStatus status = policy.getStatus();
    if (status == null) {
      return PolicyGuardrails.Remembered.NOTHING;
    }
    Optional<String> resumed =
        Optional.ofNullable(status.enforcement()).map(EnforcementStatus::resumedWith);
    Optional<String> applied = Optional.ofNullable(status.plan()).map(PlanStatus::lastApplied);
    if (status.observedGeneration() == null
        || !status.observedGeneration().equals(policy.getMetadata().getGeneration())) {
      return new PolicyGuardrails.Remembered(Optional.empty(), resumed, applied, false);
    }
    return new PolicyGuardrails.Remembered(
        pause(status),
        resumed,
        applied,
        status.lastCheckTime() != null
            && status.buckets() != null
            && Integer.valueOf(0).equals(status.buckets().notChecked()));
  }

  static Optional<PolicyGuardrails.Pause> pause(BucketPolicyStatus status) {
    if (status == null
        || status.enforcement() == null
        || !Boolean.TRUE.equals(status.enforcement().paused())) {
      return Optional.empty();
    }
    EnforcementStatus e = status.enforcement();
    try {
      return Optional.of(
          new PolicyGuardrails.Pause(
              PolicyGuardrails.PauseReason.valueOf(e.reason()),
              String.valueOf(e.message()),
              Instant.parse(e.since())));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
