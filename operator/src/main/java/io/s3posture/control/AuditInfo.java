package io.s3posture.control;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit command reports about a control, declared with the control: its checks (usually
 * one; versioning reports MFA delete apart, as scanners do) and whether the recommended baseline
 * checks it. A control that needs the organisation's own values (approved keys, VPC endpoints,
 * allowed accounts) is deliberately left out of the baseline, and says why.
 *
 * @param checks the checks, in the order reports list them
 * @param notInBaseline why the recommended baseline does not check the control; empty when it does
 */
public record AuditInfo(List<CheckInfo> checks, Optional<String> notInBaseline) {

  /** No audit metadata: a registered control must not have this (a test checks). */
  public static final AuditInfo NONE = new AuditInfo(List.of(), Optional.empty());

  public AuditInfo {
    checks = List.copyOf(checks);
    Objects.requireNonNull(notInBaseline, "notInBaseline");
    notInBaseline.ifPresent(
        why -> {
          if (why.isBlank()) {
            throw new IllegalArgumentException("say why a control is not in the baseline");
          }
        });
  }

  /** Checks of a control the recommended baseline checks. */
  public static AuditInfo of(CheckInfo... checks) {
    return new AuditInfo(Arrays.asList(checks), Optional.empty());
  }

  /** The same checks, deliberately left out of the recommended baseline, for {@code why}. */
  public AuditInfo leftOutOfBaseline(String why) {
    return new AuditInfo(checks, Optional.of(why));
  }

  public boolean inBaseline() {
    return notInBaseline.isEmpty();
  }
}
