package io.s3posture.fleet;

import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.api.v1alpha1.ExemptionStatus;
import io.s3posture.control.ControlName;
import io.s3posture.control.Exemptions;
import io.s3posture.target.BucketNameGlob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A policy's exemptions as the engine applies them: an exemption is active from the moment it is
 * declared until it expires, covers the controls it names on the buckets its names or globs match,
 * and is not applied at all when it names a control the policy does not manage or ends further
 * ahead than the operator allows (an exemption without end is no exemption: it is a new policy).
 */
public final class ExemptionRules implements Exemptions {

  /** The default maximum: an exemption is reviewed at least every quarter. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(90);

  private record Rule(
      Exemption exemption,
      List<BucketNameGlob> buckets,
      Set<String> controls,
      Optional<Instant> expires,
      Optional<String> invalid) {}

  private final List<Rule> rules;
  private final Clock clock;
  private final Duration maxAhead;

  public ExemptionRules(
      List<Exemption> exemptions, Set<ControlName> managed, Clock clock, Duration maxAhead) {
    this.clock = clock;
    this.maxAhead = maxAhead;
    Set<String> names = managed.stream().map(ControlName::specName).collect(Collectors.toSet());
    List<Rule> rules = new ArrayList<>();
    for (Exemption e : exemptions == null ? List.<Exemption>of() : exemptions) {
      Optional<Instant> expires = parse(e.expires());
      Optional<String> invalid = Optional.empty();
      List<String> unknown =
          e.controls() == null
              ? List.of()
              : e.controls().stream().filter(c -> !names.contains(c)).toList();
      if (expires.isEmpty()) {
        invalid = Optional.of("expires is not an RFC 3339 date-time: " + e.expires());
      } else if (!unknown.isEmpty()) {
        invalid =
            Optional.of(
                "names controls this policy does not manage: "
                    + String.join(", ", unknown)
                    + " (managed: "
                    + names.stream().sorted().collect(Collectors.joining(", "))
                    + ")");
      }
      rules.add(
          new Rule(
              e,
              e.buckets() == null
                  ? List.of()
                  : e.buckets().stream().map(BucketNameGlob::new).toList(),
              e.controls() == null ? Set.of() : Set.copyOf(e.controls()),
              expires,
              invalid));
    }
    this.rules = List.copyOf(rules);
  }

  public static ExemptionRules none(Clock clock) {
    return new ExemptionRules(List.of(), Set.of(), clock, DEFAULT_MAX_AHEAD);
  }

  @Override
  public Optional<String> covering(String bucket, ControlName control) {
    Instant now = clock.instant();
    return rules.stream()
        .filter(r -> problem(r, now).isEmpty() && r.expires().get().isAfter(now))
        .filter(r -> r.controls().contains(control.specName()))
        .filter(r -> r.buckets().stream().anyMatch(glob -> glob.matches(bucket)))
        .findFirst()
        .map(
            r ->
                "until "
                    + r.exemption().expires()
                    + " (owner "
                    + r.exemption().owner()
                    + "): "
                    + r.exemption().reason());
  }

  /** Each exemption's state now; {@code exempted} counts the bucket controls each covers. */
  public List<ExemptionStatus> statuses(ToIntFunction<Exemption> exempted) {
    Instant now = clock.instant();
    List<ExemptionStatus> statuses = new ArrayList<>();
    for (Rule rule : rules) {
      Optional<String> problem = problem(rule, now);
      ExemptionStatus.State state =
          problem.isPresent()
              ? ExemptionStatus.State.Invalid
              : rule.expires().get().isAfter(now)
                  ? ExemptionStatus.State.Active
                  : ExemptionStatus.State.Expired;
      statuses.add(
          new ExemptionStatus(
              rule.exemption().owner(),
              rule.exemption().expires(),
              state,
              problem.orElse(
                  state == ExemptionStatus.State.Expired
                      ? "expired: " + String.join(", ", rule.controls()) + " enforced again"
                      : rule.exemption().reason()),
              state == ExemptionStatus.State.Active
                  ? exempted.applyAsInt(rule.exemption())
                  : null));
    }
    return statuses;
  }

  /** The exemptions that were active at {@code since} and have expired by now. */
  public List<Exemption> expiredSince(Instant since) {
    Instant now = clock.instant();
    return rules.stream()
        .filter(r -> problem(r, now).isEmpty())
        .filter(r -> r.expires().get().isAfter(since) && !r.expires().get().isAfter(now))
        .map(Rule::exemption)
        .toList();
  }

  /** When the next active exemption expires. */
  public Optional<Instant> nextExpiry() {
    Instant now = clock.instant();
    return rules.stream()
        .filter(r -> problem(r, now).isEmpty())
        .map(r -> r.expires().get())
        .filter(t -> t.isAfter(now))
        .min(Instant::compareTo);
  }

  /** Active exemptions that end within {@code window}. */
  public int expiringWithin(Duration window) {
    Instant now = clock.instant();
    return (int)
        rules.stream()
            .filter(r -> problem(r, now).isEmpty())
            .map(r -> r.expires().get())
            .filter(t -> t.isAfter(now) && !t.isAfter(now.plus(window)))
            .count();
  }

  /** Whether {@code exemption} covers {@code bucket} (for counting what it exempts). */
  public static boolean matches(Exemption exemption, String bucket) {
    return exemption.buckets() != null
        && exemption.buckets().stream().map(BucketNameGlob::new).anyMatch(g -> g.matches(bucket));
  }

  private Optional<String> problem(Rule rule, Instant now) {
    if (rule.invalid().isPresent()) {
      return rule.invalid();
    }
    if (rule.expires().get().isAfter(now.plus(maxAhead))) {
      return Optional.of(
          "expires more than "
              + maxAhead.toDays()
              + " days ahead (the operator's maximum): set an earlier expires and review it then");
    }
    return Optional.empty();
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
