package io.s3posture.control;

import io.s3posture.aws.AwsFailure;
import io.s3posture.control.ControlEvidence.FailedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control on one subject during one check: what every policy requires of it, what was read,
 * what was decided and written. It only collects; {@link #evidence} hands what it saw to {@link
 * OutcomeJudge}.
 */
final class ControlRun<S extends CheckSubject, D, O> {

  /** The engine's one logger, whatever class of it logs (operators filter logs by it). */
  private static final Logger LOG = LoggerFactory.getLogger(TargetCheck.class);

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
  private ControlRun<S, ?, ?> unmetDependency;
  private WriteRefused refused;
  private final Map<PolicyRef, WriteGate.Decision> denied = new LinkedHashMap<>();
  private Drift remaining = Drift.NONE;

  ControlRun(Control<S, D, O> control) {
    this.control = control;
  }

  Control<S, D, O> control() {
    return control;
  }

  void require(Requirement<D> requirement) {
    requirements.add(requirement);
  }

  List<Write<S>> writes() {
    return writes;
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
      return TargetCheck.endsCheck(subject, failure) ? failure : null;
    } catch (RuntimeException e) {
      LOG.error("unexpected error reading {}", control.name(), e);
      internalError = e;
      return null;
    }
    try {
      plan(subject, gate);
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
   * The writes of the enforcing requirements combined, without those of the policies whose guard
   * rails deny them (they do not shape the writes; the others' still do).
   */
  private void plan(S subject, WriteGate gate) {
    List<Requirement<D>> enforcing = requirements.stream().filter(Requirement::enforcing).toList();
    if (enforcing.isEmpty()) {
      return;
    }
    CombinedRequirement<D> all = CombinedRequirement.of(control, enforcing, observed);
    conflicting = all.conflicting();
    List<Write<S>> planned = planFor(subject, all.target());
    if (planned.isEmpty()) {
      target = all.target().orElse(null);
      return;
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
      return;
    }
    List<Requirement<D>> allowed =
        enforcing.stream().filter(r -> !denied.containsKey(r.policy())).toList();
    Optional<D> some =
        allowed.isEmpty()
            ? Optional.empty()
            : CombinedRequirement.of(control, allowed, observed).target();
    target = some.orElse(null);
    writes = planFor(subject, some);
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
    return requirements.stream().noneMatch(r -> control.diff(r.desired(), latest).hasRemediable());
  }

  /** Its writes wait for {@code dependency}, which is not in place. */
  void blockedBy(ControlRun<S, ?, ?> dependency) {
    unmetDependency = dependency;
  }

  void written() {
    written = true;
  }

  void writeFailed(AwsFailure failure) {
    writeFailure = failure;
  }

  void failedUnexpectedly(RuntimeException error) {
    internalError = error;
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

  /** What the check saw, for each policy's requirement. */
  Map<PolicyRef, ControlEvidence> evidence() {
    Map<PolicyRef, ControlEvidence> evidence = new LinkedHashMap<>();
    for (Requirement<D> requirement : requirements) {
      evidence.put(requirement.policy(), evidence(requirement));
    }
    return evidence;
  }

  private ControlEvidence evidence(Requirement<D> requirement) {
    ControlEvidence.Builder seen =
        ControlEvidence.of(control.name(), requirement.mode()).exemption(requirement.exemption());
    if (internalError != null) {
      seen.internalError(internalError.toString());
    }
    if (notCheckedBecause != null) {
      seen.notCheckedBecause(FailedCall.of(notCheckedBecause));
    }
    if (readFailure != null) {
      seen.readFailure(FailedCall.of(readFailure));
    }
    if (observed != null) {
      seen.drift(
          control.diff(requirement.desired(), observed),
          control.diff(requirement.desired(), latest));
    }
    if (conflicting.contains(requirement.policy())) {
      seen.conflict(new ControlEvidence.Conflict(conflicting, written));
    }
    seen.gateDecision(denied.getOrDefault(requirement.policy(), WriteGate.Decision.ALLOW));
    if (refused != null) {
      seen.refused(refused.getMessage());
    }
    if (writeFailure != null) {
      seen.writeFailure(FailedCall.of(writeFailure));
    }
    if (unmetDependency != null) {
      seen.unmetDependency(
          new ControlEvidence.UnmetDependency(
              unmetDependency.control.name(), unmetDependency.transientlyFailed()));
    }
    return seen.build();
  }

  private boolean transientlyFailed() {
    return (readFailure != null && readFailure.isTransient())
        || (writeFailure != null && writeFailure.isTransient())
        || (unmetDependency != null && unmetDependency.transientlyFailed())
        || remaining.hasRemediable();
  }
}
