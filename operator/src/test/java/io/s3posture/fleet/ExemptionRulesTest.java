package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.api.v1alpha1.ExemptionStatus;
import io.s3posture.control.ControlName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExemptionRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Set<ControlName> MANAGED =
      Set.of(ControlName.of("websiteDisabled"), ControlName.of("versioning"));

  private Instant now = NOW;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private static Exemption exemption(String bucket, String control, String expires) {
    return new Exemption(List.of(bucket), List.of(control), "public website", "web-team", expires);
  }

  private ExemptionRules rules(Exemption... exemptions) {
    return new ExemptionRules(List.of(exemptions), MANAGED, clock, Duration.ofDays(90));
  }

  @Test
  void coversExactlyTheNamedBucketsAndControlsUntilItExpires() {
    ExemptionRules rules = rules(exemption("www-*", "websiteDisabled", "2026-12-01T00:00:00Z"));

    assertThat(rules.covering("www-shop", ControlName.of("websiteDisabled")))
        .hasValueSatisfying(why -> assertThat(why).contains("web-team", "public website"));
    assertThat(rules.covering("www-shop", ControlName.of("versioning"))).isEmpty();
    assertThat(rules.covering("shop", ControlName.of("websiteDisabled"))).isEmpty();

    now = Instant.parse("2026-12-01T00:00:00Z");

    assertThat(rules.covering("www-shop", ControlName.of("websiteDisabled"))).isEmpty();
    assertThat(rules.expiredSince(NOW)).hasSize(1);
    assertThat(rules.expiredSince(now)).isEmpty();
  }

  @Test
  void anExpiryBeyondTheMaximumOrAnUnmanagedControlIsNotApplied() {
    ExemptionRules rules =
        rules(
            exemption("a", "websiteDisabled", "2027-06-01T00:00:00Z"),
            exemption("b", "objectLock", "2026-12-10T00:00:00Z"));

    assertThat(rules.covering("a", ControlName.of("websiteDisabled"))).isEmpty();
    assertThat(rules.statuses(e -> 0))
        .extracting(ExemptionStatus::state)
        .containsOnly(ExemptionStatus.State.Invalid);
    assertThat(rules.statuses(e -> 0).get(0).message()).contains("more than 90 days ahead");
    assertThat(rules.statuses(e -> 0).get(1).message())
        .contains("does not manage: objectLock", "websiteDisabled");
  }

  @Test
  void expiringSoonAndTheNextExpiryCountOnlyActiveExemptions() {
    ExemptionRules rules =
        rules(
            exemption("a", "websiteDisabled", "2026-12-03T00:00:00Z"),
            exemption("b", "versioning", "2027-01-30T00:00:00Z"),
            exemption("c", "versioning", "2026-11-01T00:00:00Z"));

    assertThat(rules.expiringWithin(Duration.ofDays(7))).isEqualTo(1);
    assertThat(rules.nextExpiry()).contains(Instant.parse("2026-12-03T00:00:00Z"));
    assertThat(rules.statuses(e -> 2))
        .extracting(ExemptionStatus::state, ExemptionStatus::exempted)
        .containsExactly(
            tuple(ExemptionStatus.State.Active, 2),
            tuple(ExemptionStatus.State.Active, 2),
            tuple(ExemptionStatus.State.Expired, null));
  }
}
