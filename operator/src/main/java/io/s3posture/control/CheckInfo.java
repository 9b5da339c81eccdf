package io.s3posture.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One check the audit reports about a control, declared by the control itself: the audit command
 * derives its checks, their order and the recommended baseline from the registrations.
 *
 * @param id stable identifier in reports and the SARIF rule id (usually the control's name)
 * @param title one line for people
 * @param description why it matters
 * @param frameworks the check's counterparts in CIS AWS Foundations v3.0.0 and AWS Security Hub
 * @param attack the MITRE ATT&CK techniques the check mitigates or detects
 * @param judges the drift fields this check judges (versioning reports MFA delete apart)
 * @param appliesTo whether the check is reported for a requirement (MFA delete only when asked)
 * @param present a field of drift as reviewers should read it
 * @param passDetail what a passing check found, from what its control read, when worth saying
 * @param unverifiableOffAws why a store other than AWS (moto, S3-compatible stores) cannot show the
 *     setting this check needs: there, a failure is reported as unverifiable; empty when any store
 *     can show it
 */
public record CheckInfo(
    String id,
    String title,
    String description,
    Severity severity,
    List<FrameworkMapping> frameworks,
    List<AttackMapping> attack,
    Predicate<String> judges,
    Predicate<Object> appliesTo,
    UnaryOperator<FieldDrift> present,
    Function<Object, Optional<String>> passDetail,
    Optional<String> unverifiableOffAws) {

  public CheckInfo {
    requireText(id, "id");
    requireText(title, "title");
    requireText(description, "description");
    Objects.requireNonNull(severity, "severity");
    frameworks = List.copyOf(frameworks);
    attack = List.copyOf(attack);
    Objects.requireNonNull(judges, "judges");
    Objects.requireNonNull(appliesTo, "appliesTo");
    Objects.requireNonNull(present, "present");
    Objects.requireNonNull(passDetail, "passDetail");
    Objects.requireNonNull(unverifiableOffAws, "unverifiableOffAws");
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a check needs a " + what);
    }
  }

  /** A check that judges every field of its control's drift, whatever the requirement. */
  public static CheckInfo of(String id, Severity severity, String title, String description) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        List.of(),
        List.of(),
        field -> true,
        desired -> true,
        UnaryOperator.identity(),
        observed -> Optional.empty(),
        Optional.empty());
  }

  /** The same check with these framework counterparts. */
  public CheckInfo mappedTo(FrameworkMapping... mappings) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        Arrays.asList(mappings),
        attack,
        judges,
        appliesTo,
        present,
        passDetail,
        unverifiableOffAws);
  }

  /** The same check, mitigating {@code techniques} (in addition to what it already names). */
  public CheckInfo mitigates(AttackTechnique... techniques) {
    return withAttack(Arrays.stream(techniques).map(AttackMapping::mitigates).toList());
  }

  /** The same check, detecting {@code techniques} (in addition to what it already names). */
  public CheckInfo detects(AttackTechnique... techniques) {
    return withAttack(Arrays.stream(techniques).map(AttackMapping::detects).toList());
  }

  private CheckInfo withAttack(List<AttackMapping> more) {
    List<AttackMapping> all = new ArrayList<>(attack);
    all.addAll(more);
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        all,
        judges,
        appliesTo,
        present,
        passDetail,
        unverifiableOffAws);
  }

  /** The same check judging only the drift fields {@code fields} accepts. */
  public CheckInfo judging(Predicate<String> fields) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        attack,
        fields,
        appliesTo,
        present,
        passDetail,
        unverifiableOffAws);
  }

  /** The same check, reported only for requirements {@code requirement} accepts. */
  public CheckInfo onlyWhen(Predicate<Object> requirement) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        attack,
        judges,
        requirement,
        present,
        passDetail,
        unverifiableOffAws);
  }

  /** The same check presenting drift fields through {@code presentation}. */
  public CheckInfo presenting(UnaryOperator<FieldDrift> presentation) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        attack,
        judges,
        appliesTo,
        presentation,
        passDetail,
        unverifiableOffAws);
  }

  /** The same check saying, when it passes, what {@code detail} finds in the observed value. */
  public CheckInfo withPassDetail(Function<Object, Optional<String>> detail) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        attack,
        judges,
        appliesTo,
        present,
        detail,
        unverifiableOffAws);
  }

  /**
   * The same check, unverifiable on stores other than AWS, which cannot show the setting it needs
   * ({@code why}): there a failure proves nothing about the bucket.
   */
  public CheckInfo unverifiableOffAws(String why) {
    return new CheckInfo(
        id,
        title,
        description,
        severity,
        frameworks,
        attack,
        judges,
        appliesTo,
        present,
        passDetail,
        Optional.of(why));
  }

  @Override
  public String toString() {
    return id;
  }
}
