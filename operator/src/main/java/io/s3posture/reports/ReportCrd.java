package io.s3posture.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Reports can be written: the API server serves openreports.io/v1alpha1 Report. While it
 * does not, it is looked for again at most once per {@code recheck}, so Reports start by themselves
 * when the CRD is installed later. Each change is logged once: a missing CRD is a warning naming
 * the install command, not a line per policy or per check.
 */
final class ReportCrd {

  private static final Logger LOG = LoggerFactory.getLogger(ReportCrd.class);

  private enum State {
    UNKNOWN,
    SERVED,
    MISSING
  }

  private final BooleanSupplier discovery;
  private final Duration recheck;
  private final Clock clock;
  private State state = State.UNKNOWN;
  private Instant nextLook = Instant.MIN;

  /**
   * @param discovery asks the API server (may throw when it cannot be asked)
   */
  ReportCrd(BooleanSupplier discovery, Duration recheck, Clock clock) {
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.recheck = Objects.requireNonNull(recheck, "recheck");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Served, as last seen; asks the API server again only when a look is due. */
  synchronized boolean served() {
    if (state == State.SERVED) {
      return true;
    }
    Instant now = clock.instant();
    if (now.isBefore(nextLook)) {
      return false;
    }
    nextLook = now.plus(recheck);
    boolean found;
    try {
      found = discovery.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.debug("could not look for the {} CRD: {}", ReportApi.API_VERSION, e.getMessage());
      return false;
    }
    if (found) {
      LOG.info(
          state == State.MISSING
              ? "the {} {} CRD is installed now: writing a Report per BucketPolicy"
              : "writing an OpenReports {} {} per BucketPolicy",
          ReportApi.API_VERSION,
          ReportApi.KIND);
      state = State.SERVED;
      return true;
    }
    if (state == State.UNKNOWN) {
      missing();
    } else {
      LOG.debug("the {} {} CRD is still not installed", ReportApi.API_VERSION, ReportApi.KIND);
    }
    state = State.MISSING;
    return false;
  }

  /** A write found no Report resource: the CRD was removed. Looked for again after recheck. */
  synchronized void gone() {
    if (state != State.MISSING) {
      missing();
    }
    state = State.MISSING;
    nextLook = clock.instant().plus(recheck);
  }

  /** How long until the next look (zero when due or served). */
  synchronized Duration untilNextLook() {
    if (state == State.SERVED) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), nextLook);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void missing() {
    LOG.warn(
        "Reports are on, but the {} {} CRD is not installed: no Reports are written until it is."
            + " Install it with: {} (the operator looks for it again every {})",
        ReportApi.API_VERSION,
        ReportApi.KIND,
        ReportApi.INSTALL,
        readable(recheck));
  }

  static String readable(Duration interval) {
    long seconds = interval.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " minute(s)" : seconds + " second(s)";
  }
}
