package io.s3posture.control;

import java.util.Objects;

/**
 * A control's name as in spec.controls, status, events and metric labels. Each control declares its
 * own (see {@link ControlInfo}); the order controls run in is derived by {@link ControlCatalog}.
 */
public record ControlName(String specName) implements Comparable<ControlName> {

  public ControlName {
    Objects.requireNonNull(specName, "specName");
    if (!specName.matches("[a-z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("control names are lowerCamelCase: " + specName);
    }
  }

  public static ControlName of(String specName) {
    return new ControlName(specName);
  }

  @Override
  public int compareTo(ControlName other) {
    return specName.compareTo(other.specName);
  }

  @Override
  public String toString() {
    return specName;
  }
}
