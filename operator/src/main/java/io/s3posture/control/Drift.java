package io.s3posture.control;

import java.util.List;
import java.util.stream.Collectors;

/** The differences between what a control requires and what a bucket has; empty = compliant. */
public record Drift(List<FieldDrift> fields) {

  public static final Drift NONE = new Drift(List.of());

  public Drift {
    fields = List.copyOf(fields);
  }

  public static Drift of(FieldDrift... fields) {
    return new Drift(List.of(fields));
  }

  public boolean isNone() {
    return fields.isEmpty();
  }

  /** Fields the operator can correct. */
  public boolean hasRemediable() {
    return fields.stream().anyMatch(f -> f.remedy() != Remedy.NOT_REMEDIABLE);
  }

  /** Fields only a person can correct. */
  public boolean hasNotRemediable() {
    return fields.stream().anyMatch(f -> f.remedy() == Remedy.NOT_REMEDIABLE);
  }

  /** Only the fields the operator can correct. */
  public Drift remediable() {
    return new Drift(fields.stream().filter(f -> f.remedy() != Remedy.NOT_REMEDIABLE).toList());
  }

  /** Only the fields a person must correct. */
  public Drift notRemediable() {
    return new Drift(fields.stream().filter(f -> f.remedy() == Remedy.NOT_REMEDIABLE).toList());
  }

  public String expected() {
    return fields.stream()
        .map(f -> f.field() + "=" + f.expected())
        .collect(Collectors.joining(", "));
  }

  public String observed() {
    return fields.stream()
        .map(f -> f.field() + "=" + f.observed())
        .collect(Collectors.joining(", "));
  }
}
