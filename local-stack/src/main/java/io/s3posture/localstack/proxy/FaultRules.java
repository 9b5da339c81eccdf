package io.s3posture.localstack.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules in force, in the order they were added. For each request every matching {@link
 * Fault#DELAY} rule that fires adds its delay, and the first other rule that fires decides the
 * fault; rules after it are not consulted (so their random draws and counts stay untouched).
 */
final class FaultRules {

  /** What to do with one request. */
  record Decision(Duration delay, Optional<Fault> fault) {
    static final Decision FORWARD = new Decision(Duration.ZERO, Optional.empty());
  }

  private static final class ArmedRule {
    private final long id;
    private final FaultRule rule;
    private final Random random;
    private long matched;
    private long fired;

    ArmedRule(long id, FaultRule rule) {
      this.id = id;
      this.rule = rule;
      this.random = new Random(rule.seed());
    }

    synchronized boolean fires(AwsOperation op) {
      if (!rule.selects(op)) {
        return false;
      }
      matched++;
      if (rule.times().isPresent() && fired >= rule.times().getAsInt()) {
        return false;
      }
      boolean fire = rule.probability() >= 1.0 || random.nextDouble() < rule.probability();
      if (fire) {
        fired++;
      }
      return fire;
    }

    synchronized RuleState state() {
      return new RuleState(id, rule, matched, fired);
    }
  }

  private final List<ArmedRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  long add(FaultRule rule) {
    rule.validated();
    long id = ids.incrementAndGet();
    rules.add(new ArmedRule(id, rule));
    return id;
  }

  boolean remove(long id) {
    return rules.removeIf(r -> r.id == id);
  }

  void clear() {
    rules.clear();
  }

  List<RuleState> states() {
    return rules.stream().map(ArmedRule::state).toList();
  }

  Decision decide(AwsOperation op) {
    Duration delay = Duration.ZERO;
    for (ArmedRule armed : rules) {
      if (!armed.fires(op)) {
        continue;
      }
      delay = delay.plus(armed.rule.delay());
      if (armed.rule.fault().terminal()) {
        return new Decision(delay, Optional.of(armed.rule.fault()));
      }
    }
    return delay.isZero() ? Decision.FORWARD : new Decision(delay, Optional.empty());
  }
}
