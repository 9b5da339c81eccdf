package io.s3posture.control;

import java.util.Objects;
import java.util.Set;

/**
 * What a control declares about itself, once: its name (the field of spec.controls that configures
 * it), the controls that must be in place before it may write ({@code dependsOn}), the controls
 * whose writes must come first ({@code runsAfter}, AWS's ordering rules) and the CloudTrail event
 * names of calls that can change what it checks (they trigger a re-check).
 */
public record ControlInfo(
    ControlName name,
    Set<ControlName> dependsOn,
    Set<ControlName> runsAfter,
    Set<String> changedBy) {

  public ControlInfo {
    Objects.requireNonNull(name, "name");
    dependsOn = Set.copyOf(dependsOn);
    runsAfter = Set.copyOf(runsAfter);
    changedBy = Set.copyOf(changedBy);
  }

  public static ControlInfo of(String name, String... changedBy) {
    return new ControlInfo(ControlName.of(name), Set.of(), Set.of(), Set.of(changedBy));
  }

  /** Must be in place before this control writes, and is therefore also run first. */
  public ControlInfo dependingOn(ControlName... controls) {
    return new ControlInfo(name, Set.of(controls), runsAfter, changedBy);
  }

  /** Writes first when both need a write (no gate). */
  public ControlInfo after(ControlName... controls) {
    return new ControlInfo(name, dependsOn, Set.of(controls), changedBy);
  }
}
