package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The drift engine for one subject (a bucket or an account), for every policy that governs it: the
 * one writer of that subject. Per control, in run order: one read; each policy's drift; the
 * requirement to enforce (the policies' requirements combined into the stricter one; when they
 * cannot be combined, nothing is written unless the subject satisfies none of them, and then the
 * first policy's requirement is); Audit never writes; writes wait for the controls they depend on;
 * writes that share a merge key go out as one; a read-back until the write shows. One control's
 * failure does not stop the others. The outcome of every control for every policy.
 */
public final class TargetCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TargetCheck.class);

  /** One policy's controls on the subject, and what its exemptions cover. */
  public record PolicyControls<S>(
      PolicyRef policy, List<ManagedControl<S, ?, ?>> controls, Exemptions exemptions) {
    public PolicyControls {
      Objects.requireNonNull(policy, "policy");
      controls = List.copyOf(controls);
      Objects.requireNonNull(exemptions, "exemptions");
    }

    public PolicyControls(PolicyRef policy, List<ManagedControl<S, ?, ?>> controls) {
      this(policy, controls, Exemptions.NONE);
    }
  }

  private final ReadBackVerifier verifier;
  private final Comparator<ControlName> runOrder;

  public TargetCheck(ReadBackVerifier verifier, Comparator<ControlName> runOrder) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.runOrder = Objects.requireNonNull(runOrder, "runOrder");
  }

  private static final PolicyRef ALONE = new PolicyRef("", "", "", "");

  /**
   * Failures that say nothing about the subject but that AWS cannot be reached, or not as the
   * policy's identity: reading the other controls would fail the same way (each after its own
   * timeouts), so the check ends there and is retried.
   */
  private static final Set<FailureKind> UNREACHABLE =
      EnumSet.of(FailureKind.NETWORK, FailureKind.ASSUME_ROLE_FAILED, FailureKind.CREDENTIALS);

  /** Whether the subject's check ends after {@code failure}: it is gone or unreachable. */
  static boolean endsCheck(CheckSubject subject, AwsFailure failure) {
    return subject.isGone(failure) || UNREACHABLE.contains(failure.kind());
  }

  /** Checks {@code controls} as the only requirements on the subject (the audit command). */
  public <S extends CheckSubject> List<ControlOutcome> runAlone(
      S subject, List<ManagedControl<S, ?, ?>> controls) {
    return run(subject, List.of(new PolicyControls<>(ALONE, controls))).get(ALONE);
  }

  /** Checks every control of every policy. */
  public <S extends CheckSubject> Map<PolicyRef, List<ControlOutcome>> run(
      S subject, List<PolicyControls<S>> policies) {
    return run(subject, policies, name -> true);
  }

  /**
   * Checks the controls {@code include} accepts (and what they depend on), for every policy.
   * Outcomes of controls not checked are absent.
   */
  public <S extends CheckSubject> Map<PolicyRef, List<ControlOutcome>> run(
      S subject, List<PolicyControls<S>> policies, Predicate<ControlName> include) {
    return run(subject, policies, include, WriteGate.ALLOW_ALL);
  }

  /**
   * Checks the controls {@code include} accepts, asking {@code gate} before each policy's writes.
   */
  public <S extends CheckSubject> Map<PolicyRef, List<ControlOutcome>> run(
      S subject, List<PolicyControls<S>> policies, Predicate<ControlName> include, WriteGate gate) {
    Map<ControlName, Run<S, ?, ?>> runs = runs(subject, policies, include);
    MDC.put("subject", subject.toString());
    try {
      AwsFailure stopped = null;
      for (Run<S, ?, ?> run : runs.values()) {
        MDC.put("control", run.control.name().specName());
        stopped = run.decide(subject, stopped, gate);
      }
      for (Run<S, ?, ?> run : runs.values()) {
        MDC.put("control", run.control.name().specName());
        if (run.hasPendingWrites()) {
          write(subject, run, runs);
        }
      }
      Map<PolicyRef, List<ControlOutcome>> outcomes = new LinkedHashMap<>();
      policies.forEach(p -> outcomes.put(p.policy(), new ArrayList<>()));
      for (Run<S, ?, ?> run : runs.values()) {
        run.outcomes(runs).forEach((policy, outcome) -> outcomes.get(policy).add(outcome));
      }
      return outcomes;
    } finally {
      MDC.remove("control");
      MDC.remove("subject");
    }
  }

  private <S extends CheckSubject> Map<ControlName, Run<S, ?, ?>> runs(
      S subject, List<PolicyControls<S>> policies, Predicate<ControlName> include) {
    Map<ControlName, Run<S, ?, ?>> byName = new java.util.TreeMap<>(runOrder);
    List<PolicyControls<S>> ordered =
        policies.stream().sorted(Comparator.comparing(PolicyControls::policy)).toList();
    for (PolicyControls<S> policy : ordered) {
      for (ManagedControl<S, ?, ?> managed : policy.controls()) {
        add(
            byName,
            policy.policy(),
            managed,
            policy.exemptions().covering(subject.name(), managed.name()));
      }
    }
    Set<ControlName> wanted = new java.util.HashSet<>();
    byName.keySet().stream().filter(include).forEach(wanted::add);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ControlName name : List.copyOf(wanted)) {
        for (ControlName dependency : byName.get(name).control.info().dependsOn()) {
          grew |= byName.containsKey(dependency) && wanted.add(dependency);
        }
      }
    }
    byName.keySet().retainAll(wanted);
    return byName;
  }

  @SuppressWarnings("unchecked")
  private static <S extends CheckSubject, D, O> void add(
      Map<ControlName, Run<S, ?, ?>> runs,
      PolicyRef policy,
      ManagedControl<S, D, O> managed,
      Optional<String> exemption) {
    Run<S, D, O> run =
        (Run<S, D, O>) runs.computeIfAbsent(managed.name(), n -> new Run<>(managed.control()));
    run.requirements.add(new Requirement<>(policy, managed.desired(), managed.mode(), exemption));
  }

  /** Applies {@code run}'s writes, merged with later writes of the same key, and reads back. */
  private <S extends CheckSubject> void write(
      S subject, Run<S, ?, ?> run, Map<ControlName, Run<S, ?, ?>> runs) {
    Optional<ControlName> unmet =
        run.control.info().dependsOn().stream()
            .filter(runs::containsKey)
            .filter(dependency -> !runs.get(dependency).inPlace())
            .findFirst();
    if (unmet.isPresent()) {
      run.unmetDependency = runs.get(unmet.get());
      return;
    }
    List<Run<S, ?, ?>> group = new ArrayList<>(List.of(run));
    List<Write<S>> writes = new ArrayList<>(run.writes);
    for (Run<S, ?, ?> later : runs.values()) {
      if (later != run && later.hasPendingWrites() && sharesMergeKey(run.writes, later.writes)) {
        group.add(later);
        writes.addAll(later.writes);
      }
    }
    List<Write<S>> merged = merge(writes);
    try {
      for (Write<S> write : merged) {
        write.apply(subject);
      }
      group.forEach(member -> member.written = true);
    } catch (AwsFailure failure) {
      // details at debug: failures are counted per policy and summarised (fleet/FailureSummary)
      LOG.debug("could not correct {}: {}", run.control.name(), failure.getMessage());
      group.forEach(member -> member.writeFailure = failure);
      subject.forgetReads();
      return;
    } catch (RuntimeException e) {
      LOG.error("unexpected error correcting {}", run.control.name(), e);
      group.forEach(member -> member.internalError = e);
      subject.forgetReads();
      return;
    }
    for (Run<S, ?, ?> member : group) {
      member.verify(subject, verifier);
    }
  }

  private static <S> boolean sharesMergeKey(List<Write<S>> a, List<Write<S>> b) {
    return a.stream()
        .flatMap(w -> w.mergeKey().stream())
        .anyMatch(key -> b.stream().anyMatch(w -> w.mergeKey().equals(Optional.of(key))));
  }

  /** Writes in order; a write with a merge key absorbs every later write with the same key. */
  private static <S> List<Write<S>> merge(List<Write<S>> writes) {
    List<Write<S>> merged = new ArrayList<>();
    Map<String, Integer> byKey = new LinkedHashMap<>();
    for (Write<S> write : writes) {
      Optional<String> key = write.mergeKey();
      if (key.isPresent() && byKey.containsKey(key.get())) {
        int at = byKey.get(key.get());
        merged.set(at, merged.get(at).mergedWith(write));
      } else {
        key.ifPresent(k -> byKey.put(k, merged.size()));
        merged.add(write);
      }
    }
    return merged;
  }

  private record Requirement<D>(
      PolicyRef policy, D desired, Mode mode, Optional<String> exemption) {

    /** May shape the writes: Enforce mode and no exemption covers it. */
    boolean enforcing() {
      return mode == Mode.Enforce && exemption.isEmpty();
    }
  }

  /** The requirement to write, and the policies whose requirements could not be combined. */
  private record Choice<D>(Optional<D> target, List<PolicyRef> conflicting) {}

  /** One control on the subject: what every policy requires, what was read, what was done. */
  private static final class Run<S extends CheckSubject, D, O> {

    private final Control<S, D, O> control;
    private final List<Requirement<D>> requirements = new ArrayList<>();
    private O observed;
    private O latest;
    private AwsFailure readFailure;
    private AwsFailure notCheckedBecause;
    private RuntimeException internalError;
    private D target;
    private List<PolicyRef> conflicting = List.of();
    private List<Write<S>> writes = List.of();
    private boolean written;
    private AwsFailure writeFailure;
    private Run<S, ?, ?> unmetDependency;
    private WriteRefused refused;
    private final Map<PolicyRef, WriteGate.Decision> denied = new LinkedHashMap<>();
    private Drift remaining = Drift.NONE;

    Run(Control<S, D, O> control) {
      this.control = control;
    }

    /**
     * Reads and decides what to write (asking {@code gate}), unless an earlier read ended the
     * subject's check ({@code stopped}); returns the failure that ends it, if any.
     */
    AwsFailure decide(S subject, AwsFailure stopped, WriteGate gate) {
      if (stopped != null) {
        notCheckedBecause = stopped;
        return stopped;
      }
      try {
        observed = control.observe(subject);
        latest = observed;
      } catch (AwsFailure failure) {
        LOG.debug("could not read {}: {}", control.name(), failure.getMessage());
        readFailure = failure;
        return endsCheck(subject, failure) ? failure : null;
      } catch (RuntimeException e) {
        LOG.error("unexpected error reading {}", control.name(), e);
        internalError = e;
        return null;
      }
      try {
        List<Requirement<D>> enforcing =
            requirements.stream().filter(Requirement::enforcing).toList();
        if (enforcing.isEmpty()) {
          return null;
        }
        Choice<D> all = choose(enforcing);
        conflicting = all.conflicting();
        List<Write<S>> planned = planFor(subject, all.target());
        if (planned.isEmpty()) {
          target = all.target().orElse(null);
          return null;
        }
        List<String> described =
            planned.stream().map(w -> w.operation() + ": " + w.description()).toList();
        for (Requirement<D> requirement : enforcing) {
          WriteGate.Decision decision =
              gate.decide(requirement.policy(), subject.name(), control.name(), described);
          if (decision != WriteGate.Decision.ALLOW) {
            denied.put(requirement.policy(), decision);
          }
        }
        if (denied.isEmpty()) {
          target = all.target().orElse(null);
          writes = planned;
          return null;
        }
        List<Requirement<D>> allowed =
            enforcing.stream().filter(r -> !denied.containsKey(r.policy())).toList();
        Choice<D> some =
            allowed.isEmpty() ? new Choice<>(Optional.empty(), List.of()) : choose(allowed);
        target = some.target().orElse(null);
        writes = planFor(subject, some.target());
      } catch (WriteRefused e) {
        LOG.debug("not correcting {}: {}", control.name(), e.getMessage());
        refused = e;
      } catch (RuntimeException e) {
        LOG.error("unexpected error checking {}", control.name(), e);
        internalError = e;
      }
      return null;
    }

    /**
     * The requirements combined into the stricter one. When they cannot all hold, nothing is chosen
     * if the subject satisfies one of them; otherwise the first one's, since any of them beats the
     * subject's state.
     */
    private Choice<D> choose(List<Requirement<D>> enforcing) {
      Optional<D> combined = Optional.of(enforcing.get(0).desired());
      for (Requirement<D> other : enforcing.subList(1, enforcing.size())) {
        combined = combined.flatMap(c -> control.combine(c, other.desired()));
      }
      if (combined.isPresent()) {
        return new Choice<>(combined, List.of());
      }
      boolean anySatisfied =
          enforcing.stream().anyMatch(r -> !control.diff(r.desired(), observed).hasRemediable());
      return new Choice<>(
          anySatisfied ? Optional.empty() : Optional.of(enforcing.get(0).desired()),
          enforcing.stream().map(Requirement::policy).toList());
    }

    private List<Write<S>> planFor(S subject, Optional<D> chosen) {
      return chosen.isPresent() && control.diff(chosen.get(), observed).hasRemediable()
          ? List.copyOf(control.plan(subject, chosen.get(), observed))
          : List.of();
    }

    boolean hasPendingWrites() {
      return !writes.isEmpty() && !written && writeFailure == null && internalError == null;
    }

    /** Nothing left that the operator could correct: later controls may write. */
    boolean inPlace() {
      if (readFailure != null
          || notCheckedBecause != null
          || internalError != null
          || writeFailure != null) {
        return false;
      }
      return requirements.stream()
          .noneMatch(r -> control.diff(r.desired(), latest).hasRemediable());
    }

    /**
     * Reads back until the write shows. The write made the subject forget what it had read, so the
     * first read goes to AWS, and the controls of one merged write share it (one GetBucketPolicy
     * after one PutBucketPolicy); only a read that still shows the old value is repeated.
     */
    void verify(S subject, ReadBackVerifier verifier) {
      boolean[] first = {true};
      try {
        remaining =
            verifier.verify(
                () -> {
                  if (!first[0]) {
                    subject.forgetReads();
                  }
                  first[0] = false;
                  latest = control.observe(subject);
                  return control.diff(target, latest);
                });
        if (!remaining.hasRemediable()) {
          Drift corrected = control.diff(target, observed).remediable();
          LOG.info(
              "corrected {}: {} (was {})",
              control.name(),
              corrected.expected(),
              corrected.observed());
        }
      } catch (AwsFailure failure) {
        LOG.debug("could not read back {}: {}", control.name(), failure.getMessage());
        writeFailure = failure;
      }
    }

    Map<PolicyRef, ControlOutcome> outcomes(Map<ControlName, Run<S, ?, ?>> runs) {
      Map<PolicyRef, ControlOutcome> outcomes = new LinkedHashMap<>();
      for (Requirement<D> requirement : requirements) {
        outcomes.put(requirement.policy(), outcome(requirement));
      }
      return outcomes;
    }

    private ControlOutcome outcome(Requirement<D> requirement) {
      ControlName name = control.name();
      if (internalError != null) {
        return ControlOutcome.of(
            name,
            OutcomeState.FAILED,
            Drift.NONE,
            OutcomeReason.InternalError,
            "unexpected error: " + internalError);
      }
      if (notCheckedBecause != null) {
        boolean gone = notCheckedBecause.kind() == FailureKind.NO_SUCH_BUCKET;
        return new ControlOutcome(
            name,
            OutcomeState.FAILED,
            Drift.NONE,
            OutcomeReason.NotChecked,
            Optional.of(notCheckedBecause.kind()),
            gone
                ? "not checked: the bucket does not exist"
                : "not checked after " + notCheckedBecause.getMessage(),
            notCheckedBecause.isTransient());
      }
      if (readFailure != null) {
        return ControlOutcome.failed(name, Drift.NONE, readFailure, "could not read");
      }
      Drift before = control.diff(requirement.desired(), observed);
      Drift after = control.diff(requirement.desired(), latest);
      if (requirement.exemption().isPresent()) {
        return after.isNone()
            ? ControlOutcome.compliant(name)
            : ControlOutcome.of(
                name,
                OutcomeState.EXEMPT,
                after,
                OutcomeReason.Exempt,
                "exempt " + requirement.exemption().get());
      }
      if (requirement.mode() == Mode.Audit) {
        return after.isNone()
            ? ControlOutcome.compliant(name)
            : ControlOutcome.of(
                name,
                OutcomeState.DRIFTED,
                after,
                OutcomeReason.AuditMode,
                "reported only (Audit mode)");
      }
      if (conflicting.contains(requirement.policy())) {
        return ControlOutcome.of(
            name,
            OutcomeState.CONFLICT,
            after,
            OutcomeReason.Conflict,
            "policies "
                + conflicting.stream().map(PolicyRef::toString).sorted().toList()
                + " require incompatible "
                + name
                + (written
                    ? "; none was met, so " + conflicting.get(0) + "'s value was written"
                    : after.isNone()
                        ? "; the bucket keeps this policy's value, nothing is written"
                        : "; the bucket keeps a value another of them accepts, nothing is"
                            + " written"));
      }
      if (before.isNone() && after.isNone()) {
        return ControlOutcome.compliant(name);
      }
      WriteGate.Decision decision = denied.get(requirement.policy());
      if (decision != null && after.hasRemediable()) {
        return decision == WriteGate.Decision.PAUSED
            ? ControlOutcome.of(
                name,
                OutcomeState.DRIFTED,
                after,
                OutcomeReason.EnforcementPaused,
                "not corrected: enforcement of this policy is paused")
            : ControlOutcome.of(
                name,
                OutcomeState.DRIFTED,
                after,
                OutcomeReason.AwaitingApproval,
                "not corrected yet: the plan waits for approval");
      }
      if (refused != null && after.hasRemediable()) {
        return ControlOutcome.of(
            name, OutcomeState.FAILED, before, OutcomeReason.WriteRefused, refused.getMessage());
      }
      if (writeFailure != null) {
        return ControlOutcome.failed(name, before, writeFailure, "correction failed");
      }
      if (unmetDependency != null && after.hasRemediable()) {
        return new ControlOutcome(
            name,
            OutcomeState.FAILED,
            before,
            OutcomeReason.DependencyNotMet,
            Optional.empty(),
            "not corrected: " + unmetDependency.control.name() + " must be compliant first",
            unmetDependency.transientlyFailed());
      }
      if (after.hasRemediable()) {
        return ControlOutcome.of(
                name,
                OutcomeState.FAILED,
                before,
                OutcomeReason.VerificationFailed,
                "corrected, but a read-back still shows " + after.remediable().observed())
            .retryingSoon();
      }
      if (after.hasNotRemediable()) {
        return ControlOutcome.of(
            name,
            OutcomeState.NEEDS_HUMAN,
            before,
            OutcomeReason.NeedsHuman,
            "cannot be corrected by the operator: " + after.notRemediable().expected());
      }
      return ControlOutcome.of(
          name, OutcomeState.CORRECTED, before, OutcomeReason.DriftCorrected, "corrected");
    }

    private boolean transientlyFailed() {
      return (readFailure != null && readFailure.isTransient())
          || (writeFailure != null && writeFailure.isTransient())
          || (unmetDependency != null && unmetDependency.transientlyFailed())
          || remaining.hasRemediable();
    }
  }
}
