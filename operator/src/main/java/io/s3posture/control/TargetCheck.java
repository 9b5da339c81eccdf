package io.s3posture.control;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The drift engine for one subject (a bucket or an account), for every policy that governs it: the
 * one writer of that subject. It orchestrates: per control in run order, one read and the writes to
 * make ({@link ControlRun}, {@link CombinedRequirement}); then the writes, each waiting for the
 * controls it depends on, those that share a merge key as one ({@link MergedWrites}), each read
 * back until it shows; then every policy's outcome of every control, judged from what the check saw
 * ({@link OutcomeJudge}). One control's failure does not stop the others.
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
    Map<ControlName, ControlRun<S, ?, ?>> runs = runs(subject, policies, include);
    MDC.put("subject", subject.toString());
    try {
      AwsFailure stopped = null;
      for (ControlRun<S, ?, ?> run : runs.values()) {
        MDC.put("control", run.control().name().specName());
        stopped = run.decide(subject, stopped, gate);
      }
      for (ControlRun<S, ?, ?> run : runs.values()) {
        MDC.put("control", run.control().name().specName());
        if (run.hasPendingWrites()) {
          write(subject, run, runs);
        }
      }
      Map<PolicyRef, List<ControlOutcome>> outcomes = new LinkedHashMap<>();
      policies.forEach(p -> outcomes.put(p.policy(), new ArrayList<>()));
      for (ControlRun<S, ?, ?> run : runs.values()) {
        run.evidence()
            .forEach((policy, seen) -> outcomes.get(policy).add(OutcomeJudge.judge(seen)));
      }
      return outcomes;
    } finally {
      MDC.remove("control");
      MDC.remove("subject");
    }
  }

  private <S extends CheckSubject> Map<ControlName, ControlRun<S, ?, ?>> runs(
      S subject, List<PolicyControls<S>> policies, Predicate<ControlName> include) {
    Map<ControlName, ControlRun<S, ?, ?>> byName = new TreeMap<>(runOrder);
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
    Set<ControlName> wanted = new HashSet<>();
    byName.keySet().stream().filter(include).forEach(wanted::add);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ControlName name : List.copyOf(wanted)) {
        for (ControlName dependency : byName.get(name).control().info().dependsOn()) {
          grew |= byName.containsKey(dependency) && wanted.add(dependency);
        }
      }
    }
    byName.keySet().retainAll(wanted);
    return byName;
  }

  @SuppressWarnings("unchecked")
  private static <S extends CheckSubject, D, O> void add(
      Map<ControlName, ControlRun<S, ?, ?>> runs,
      PolicyRef policy,
      ManagedControl<S, D, O> managed,
      Optional<String> exemption) {
    ControlRun<S, D, O> run =
        (ControlRun<S, D, O>)
            runs.computeIfAbsent(managed.name(), n -> new ControlRun<>(managed.control()));
    run.require(new Requirement<>(policy, managed.desired(), managed.mode(), exemption));
  }

  /** Applies {@code run}'s writes, merged with later writes of the same key, and reads back. */
  private <S extends CheckSubject> void write(
      S subject, ControlRun<S, ?, ?> run, Map<ControlName, ControlRun<S, ?, ?>> runs) {
    Optional<ControlName> unmet =
        run.control().info().dependsOn().stream()
            .filter(runs::containsKey)
            .filter(dependency -> !runs.get(dependency).inPlace())
            .findFirst();
    if (unmet.isPresent()) {
      run.blockedBy(runs.get(unmet.get()));
      return;
    }
    List<ControlRun<S, ?, ?>> group = new ArrayList<>(List.of(run));
    List<Write<S>> writes = new ArrayList<>(run.writes());
    for (ControlRun<S, ?, ?> later : runs.values()) {
      if (later != run
          && later.hasPendingWrites()
          && MergedWrites.shareKey(run.writes(), later.writes())) {
        group.add(later);
        writes.addAll(later.writes());
      }
    }
    try {
      for (Write<S> write : MergedWrites.merge(writes)) {
        write.apply(subject);
      }
      group.forEach(ControlRun::written);
    } catch (AwsFailure failure) {
      // details at debug: failures are counted per policy and summarised (fleet/FailureSummary)
      LOG.debug("could not correct {}: {}", run.control().name(), failure.getMessage());
      group.forEach(member -> member.writeFailed(failure));
      subject.forgetReads();
      return;
    } catch (RuntimeException e) {
      LOG.error("unexpected error correcting {}", run.control().name(), e);
      group.forEach(member -> member.failedUnexpectedly(e));
      subject.forgetReads();
      return;
    }
    for (ControlRun<S, ?, ?> member : group) {
      member.verify(subject, verifier);
    }
  }
}
