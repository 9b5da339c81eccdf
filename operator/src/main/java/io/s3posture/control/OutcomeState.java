package io.s3posture.control;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * How a control of a subject ended a check, from best to worst: the one place that knows the
 * states' words (status findings, events, metric labels, the CLI) and their rank.
 */
public enum OutcomeState {
  COMPLIANT("Compliant"),
  CORRECTED("Corrected"),
  /** Not compliant, and accepted by an active exemption: neither corrected nor counted. */
  EXEMPT("Exempt"),
  DRIFTED("Drifted"),
  NEEDS_HUMAN("NeedsHuman"),
  CONFLICT("Conflict"),
  FAILED("Failed");

  /** Worst first: the order findings, memory and reports list states in. */
  public static final Comparator<OutcomeState> WORST_FIRST = Comparator.reverseOrder();

  private final String word;

  OutcomeState(String word) {
    this.word = word;
  }

  /** The state's stable CamelCase word, as status, events and the CLI show it. */
  public String word() {
    return word;
  }

  /** The state a word names ({@code NeedsHuman}), if it names one. */
  public static Optional<OutcomeState> ofWord(String word) {
    return Arrays.stream(values()).filter(state -> state.word.equals(word)).findFirst();
  }

  /** The state as a metric label: {@code needs_human}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Compliant at the end of the check (possibly after a correction). */
  public boolean isCompliant() {
    return this == COMPLIANT || this == CORRECTED;
  }

  /** The worse of two states. */
  public OutcomeState worse(OutcomeState other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
