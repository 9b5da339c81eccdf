package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.LifecycleRetentionSpec;
import io.s3posture.aws.LifecycleConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycle rules may not destroy data sooner than declared minimums: whoever may put a lifecycle
 * configuration can expire every version of every object within a day, without a DeleteObject call
 * and whatever MFA delete says (ATT&CK T1485.001). Judged per enabled rule outside the exempt
 * prefixes ({@link LifecycleRules}). The correction disables the offending rules and writes every
 * other rule and field back as read: it never deletes, shortens or adds a rule, so lifecycle never
 * becomes more destructive, and the rule stays, as written, for a person to fix.
 */
public final class LifecycleRetentionControl
    implements BucketControl<LifecycleRetentionControl.Minimums, Optional<LifecycleConfiguration>> {

  public static final ControlInfo INFO =
      // CloudTrail records PutBucketLifecycleConfiguration as PutBucketLifecycle
      ControlInfo.of("lifecycleRetention", "PutBucketLifecycle", "DeleteBucketLifecycle")
          .audited(
              CheckInfo.of(
                      "lifecycleRetention",
                      Severity.MEDIUM,
                      "Lifecycle rules keep data for the minimum retention",
                      "A lifecycle rule that expires current versions or deletes noncurrent versions"
                          + " within days destroys a bucket's data, and every copy a person could"
                          + " recover from, without a single DeleteObject call; MFA delete does not"
                          + " stop it.")
                  .mitigates(
                      AttackTechnique.LIFECYCLE_TRIGGERED_DELETION,
                      AttackTechnique.DATA_DESTRUCTION));

  /**
   * What lifecycle must leave alone.
   *
   * @param currentDays current versions live at least this long (0: not checked)
   * @param noncurrentDays noncurrent versions live at least this long (0: not checked)
   * @param exemptPrefixes rules scoped under one of these are not judged
   */
  public record Minimums(int currentDays, int noncurrentDays, Set<String> exemptPrefixes) {

    public Minimums {
      if (currentDays < 0 || noncurrentDays < 0) {
        throw new IllegalArgumentException("minimums are days, 0 or more");
      }
      exemptPrefixes = Set.copyOf(exemptPrefixes);
    }

    static Minimums of(LifecycleRetentionSpec spec) {
      return new Minimums(
          Optional.ofNullable(spec.minCurrentVersionDays()).orElse(DEFAULT_DAYS),
          Optional.ofNullable(spec.minNoncurrentVersionDays()).orElse(DEFAULT_DAYS),
          new LinkedHashSet<>(Optional.ofNullable(spec.exemptPrefixes()).orElse(List.of())));
    }

    /** Whether a rule scoped under {@code prefix} is exempt. */
    boolean exempts(Optional<String> prefix) {
      return prefix.map(p -> exemptPrefixes.stream().anyMatch(p::startsWith)).orElse(false);
    }
  }

  /** The CRD's defaults, for requirements built without the schema. */
  public static final int DEFAULT_DAYS = 7;

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Minimums>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.lifecycleRetention())
        .map(spec -> Declared.of(Minimums.of(spec), spec.mode()));
  }

  @Override
  public Optional<LifecycleConfiguration> observe(BucketSubject subject) {
    return subject.s3().lifecycle(subject.bucket());
  }

  @Override
  public Drift diff(Minimums required, Optional<LifecycleConfiguration> observed) {
    if (observed.isEmpty()) {
      return Drift.NONE;
    }
    List<FieldDrift> fields = new ArrayList<>();
    List<LifecycleConfiguration.Rule> rules = observed.get().rules();
    for (int i = 0; i < rules.size(); i++) {
      LifecycleRules.findings(required, rules.get(i), i).forEach(fields::add);
    }
    return new Drift(fields);
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Minimums required, Optional<LifecycleConfiguration> observed) {
    if (observed.isEmpty()) {
      return List.of();
    }
    LifecycleConfiguration configuration = observed.get();
    Set<Integer> offending = new LinkedHashSet<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < configuration.rules().size(); i++) {
      if (!LifecycleRules.findings(required, configuration.rules().get(i), i).isEmpty()) {
        offending.add(i);
        names.add(LifecycleRules.name(configuration.rules().get(i), i));
      }
    }
    if (offending.isEmpty()) {
      return List.of();
    }
    LifecycleConfiguration disabled = configuration.disabling(offending);
    return List.of(
        Write.of(
            "PutBucketLifecycleConfiguration",
            "disable lifecycle rule(s) "
                + String.join(", ", names)
                + " (they would destroy data sooner than allowed); every other rule and field"
                + " written back as read",
            s -> s.s3().putLifecycle(s.bucket(), disabled)));
  }

  /**
   * The stricter of two: the longer minimums, and only the prefixes both exempt (a prefix of one
   * policy that lies under an exempt prefix of the other, or the same prefix).
   */
  @Override
  public Optional<Minimums> combine(Minimums a, Minimums b) {
    Set<String> exempt = new LinkedHashSet<>();
    for (String prefix : a.exemptPrefixes()) {
      if (b.exempts(Optional.of(prefix))) {
        exempt.add(prefix);
      }
    }
    for (String prefix : b.exemptPrefixes()) {
      if (a.exempts(Optional.of(prefix))) {
        exempt.add(prefix);
      }
    }
    return Optional.of(
        new Minimums(
            Math.max(a.currentDays(), b.currentDays()),
            Math.max(a.noncurrentDays(), b.noncurrentDays()),
            exempt));
  }
}
