package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import io.s3posture.control.PolicyRef;
import io.s3posture.control.WriteGate;
import java.time.Clock;
import java.util.List;

/** The write gate of the fleet: each policy's guard rails decide for its own requirements. */
final class GuardrailGate implements WriteGate {

  private final PolicyIndex index;
  private final Clock clock;

  GuardrailGate(PolicyIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  @Override
  public Decision decide(
      PolicyRef policy, String subject, ControlName control, List<String> writes) {
    return index
        .guardrails(policy.uid())
        .map(g -> g.decide(subject, control, writes, clock.instant()))
        .orElse(Decision.ALLOW);
  }
}
