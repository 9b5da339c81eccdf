package io.s3posture.control;

import java.util.Locale;
import java.util.Objects;

/**
 * What a check does about an ATT&CK technique: a control that keeps a setting mitigates it (the
 * setting stops or undoes the technique), a detection check makes sure it is seen.
 */
public record AttackMapping(AttackTechnique technique, Relation relation) {

  public enum Relation {
    MITIGATES,
    DETECTS;

    /** mitigates or detects, as reports write it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AttackMapping {
    Objects.requireNonNull(technique, "technique");
    Objects.requireNonNull(relation, "relation");
  }

  public static AttackMapping mitigates(AttackTechnique technique) {
    return new AttackMapping(technique, Relation.MITIGATES);
  }

  public static AttackMapping detects(AttackTechnique technique) {
    return new AttackMapping(technique, Relation.DETECTS);
  }

  /** A short tag for SARIF, e.g. "ATTACK-T1530". */
  public String tag() {
    return "ATTACK-" + technique.id();
  }

  /** e.g. "T1530 Data from Cloud Storage (mitigates)". */
  @Override
  public String toString() {
    return technique.id() + " " + technique.title() + " (" + relation.label() + ")";
  }
}
