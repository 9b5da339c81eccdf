package io.s3posture.localstack.proxy;

import io.s3posture.localstack.proxy.AwsOperation.Access;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One fault-injection rule: which requests ({@code operation} pattern, reads or writes, bucket,
 * role), how often (a probability drawn from a {@link java.util.Random} seeded with {@code seed},
 * and at most {@code times} times), and what happens ({@code fault}, after {@code delay}).
 *
 * <p>Built fluently, e.g. {@code FaultRule.slowDown().onOperation("Get*").withProbability(0.3)}, or
 * from JSON: {@code {"fault":"SLOW_DOWN","operation":"Get*","probability":0.3}}.
 */
public record FaultRule(
    Fault fault,
    OperationPattern operation,
    Optional<Access> access,
    Optional<String> bucket,
    double probability,
    OptionalInt times,
    long seed,
    Duration delay,
    Optional<String> role) {

  /** The seed when none is given: runs with the same rules and requests fault the same ones. */
  public static final long DEFAULT_SEED = 42;

  private static final Set<String> JSON_KEYS =
      Set.of(
          "fault",
          "operation",
          "access",
          "bucket",
          "role",
          "probability",
          "times",
          "seed",
          "delayMillis");

  public FaultRule {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(times, "times");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(role, "role");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be within 0..1: " + probability);
    }
    if (times.isPresent() && times.getAsInt() < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times.getAsInt());
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
  }

  /** {@code fault} on every request, every time. */
  public static FaultRule of(Fault fault) {
    return new FaultRule(
        fault,
        OperationPattern.all(),
        Optional.empty(),
        Optional.empty(),
        1.0,
        OptionalInt.empty(),
        DEFAULT_SEED,
        Duration.ZERO,
        Optional.empty());
  }

  public static FaultRule slowDown() {
    return of(Fault.SLOW_DOWN);
  }

  public static FaultRule internalError() {
    return of(Fault.INTERNAL_ERROR);
  }

  public static FaultRule accessDenied() {
    return of(Fault.ACCESS_DENIED);
  }

  public static FaultRule reset() {
    return of(Fault.RESET);
  }

  /** Every request waits {@code delay} before it is forwarded. */
  public static FaultRule latency(Duration delay) {
    return of(Fault.DELAY).withDelay(delay);
  }

  /** Rejects a rule that would do nothing: a {@link Fault#DELAY} without a delay. */
  FaultRule validated() {
    if (fault == Fault.DELAY && delay.isZero()) {
      throw new IllegalArgumentException("a DELAY rule needs a delay (delayMillis)");
    }
    return this;
  }

  public static FaultRule truncatedBody() {
    return of(Fault.TRUNCATED_BODY);
  }

  public static FaultRule malformedBody() {
    return of(Fault.MALFORMED_BODY);
  }

  /** Only operations matching {@code pattern} (see {@link OperationPattern}). */
  public FaultRule onOperation(String pattern) {
    return new FaultRule(
        fault, OperationPattern.of(pattern), access, bucket, probability, times, seed, delay, role);
  }

  public FaultRule onReads() {
    return withAccess(Access.READ);
  }

  public FaultRule onWrites() {
    return withAccess(Access.WRITE);
  }

  private FaultRule withAccess(Access only) {
    return new FaultRule(
        fault, operation, Optional.of(only), bucket, probability, times, seed, delay, role);
  }

  /** Only requests on this bucket (or bucket prefix ending in {@code *}). */
  public FaultRule onBucket(String glob) {
    return new FaultRule(
        fault, operation, access, Optional.of(glob), probability, times, seed, delay, role);
  }

  /**
   * Only STS AssumeRole requests for this role ARN (or ARN prefix ending in {@code *}): a role a
   * test wants refused, while others are assumed.
   */
  public FaultRule onRole(String glob) {
    return new FaultRule(
        fault, operation, access, bucket, probability, times, seed, delay, Optional.of(glob));
  }

  public FaultRule withProbability(double p) {
    return new FaultRule(fault, operation, access, bucket, p, times, seed, delay, role);
  }

  /** Fires for the next {@code n} matching requests only (with the probability, if any). */
  public FaultRule times(int n) {
    return new FaultRule(
        fault, operation, access, bucket, probability, OptionalInt.of(n), seed, delay, role);
  }

  public FaultRule withSeed(long newSeed) {
    return new FaultRule(
        fault, operation, access, bucket, probability, times, newSeed, delay, role);
  }

  /** Waits this long before the fault (or before forwarding, for {@link Fault#DELAY}). */
  public FaultRule withDelay(Duration newDelay) {
    return new FaultRule(
        fault, operation, access, bucket, probability, times, seed, newDelay, role);
  }

  /** True when the rule selects this request (before probability and times). */
  boolean selects(AwsOperation op) {
    return op.protocol() != AwsOperation.Protocol.MOTO
        && operation.matches(op)
        && access.map(a -> a == op.access()).orElse(true)
        && bucket
            .map(glob -> op.bucket().map(b -> OperationPattern.globMatches(glob, b)).orElse(false))
            .orElse(true)
        && role.map(glob -> op.role().map(r -> OperationPattern.globMatches(glob, r)).orElse(false))
            .orElse(true);
  }

  /** Reads the control API's JSON form; unknown keys are an error so typos do not pass. */
  public static FaultRule fromJson(Map<String, Object> json) {
    for (String key : json.keySet()) {
      if (!JSON_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown rule field: " + key + " (known: " + JSON_KEYS + ")");
      }
    }
    Object faultName = json.get("fault");
    if (!(faultName instanceof String name)) {
      throw new IllegalArgumentException(
          "a rule needs \"fault\": one of " + Arrays.toString(Fault.values()));
    }
    FaultRule rule = of(Fault.valueOf(name.toUpperCase(Locale.ROOT)));
    if (json.get("delayMillis") instanceof Number millis) {
      rule = rule.withDelay(Duration.ofMillis(millis.longValue()));
    } else if (rule.fault() == Fault.DELAY) {
      throw new IllegalArgumentException("a DELAY rule needs \"delayMillis\"");
    }
    if (json.get("operation") instanceof String pattern) {
      rule = rule.onOperation(pattern);
    }
    if (json.get("access") instanceof String accessName && !accessName.equalsIgnoreCase("ANY")) {
      rule = rule.withAccess(Access.valueOf(accessName.toUpperCase(Locale.ROOT)));
    }
    if (json.get("bucket") instanceof String glob) {
      rule = rule.onBucket(glob);
    }
    if (json.get("role") instanceof String roleGlob) {
      rule = rule.onRole(roleGlob);
    }
    if (json.get("probability") instanceof Number p) {
      rule = rule.withProbability(p.doubleValue());
    }
    if (json.get("times") instanceof Number n) {
      rule = rule.times(n.intValue());
    }
    if (json.get("seed") instanceof Number s) {
      rule = rule.withSeed(s.longValue());
    }
    return rule;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("fault", fault.name());
    json.put("operation", operation.toString());
    json.put("access", access.map(Enum::name).orElse("ANY"));
    bucket.ifPresent(b -> json.put("bucket", b));
    role.ifPresent(r -> json.put("role", r));
    json.put("probability", probability);
    times.ifPresent(n -> json.put("times", n));
    json.put("seed", seed);
    json.put("delayMillis", delay.toMillis());
    return json;
  }
}
