package io.s3posture.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IAM principal the operator acts as for each target, as a bucket policy's {@code
 * aws:PrincipalArn} sees it: statements the operator writes must never lock it out. The role it
 * assumes when the target names one (exactly, path included; no call), else its caller identity
 * (STS GetCallerIdentity) with an assumed-role session turned into its role (for a role session
 * aws:PrincipalArn is the role's ARN; the session ARN carries no path). Asked once per target and
 * remembered. A failure leaves the principal unknown, so nothing that could lock the operator out
 * is written; it is asked again after {@link #RETRY_AFTER} (not on every bucket check: an STS that
 * does not answer must not slow every check) and said once per run of failures, not per check.
 */
public final class OperatorPrincipals implements Function<AwsTarget, Optional<String>> {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorPrincipals.class);

  /** How long a failed lookup stands before STS is asked again. */
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  private final Function<AwsTarget, String> callerArn;
  private final Clock clock;
  private final Map<AwsTarget, String> known = new ConcurrentHashMap<>();
  private final Map<AwsTarget, Instant> failedUntil = new ConcurrentHashMap<>();

  public OperatorPrincipals(AwsClientFactory clients) {
    this(target -> clients.clientsFor(target).callerArn(), Clock.systemUTC());
  }

  /** {@code callerArn}: STS GetCallerIdentity's Arn for a target's credentials. */
  OperatorPrincipals(Function<AwsTarget, String> callerArn, Clock clock) {
    this.callerArn = Objects.requireNonNull(callerArn, "callerArn");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<String> apply(AwsTarget target) {
    if (target.roleArn().isPresent()) {
      return target.roleArn();
    }
    // the identity does not depend on the region
    AwsTarget key = target.withRegion("");
    String principal = known.get(key);
    if (principal != null) {
      return Optional.of(principal);
    }
    Instant now = clock.instant();
    Instant retry = failedUntil.get(key);
    if (retry != null && now.isBefore(retry)) {
      return Optional.empty();
    }
    try {
      String arn = callerArn.apply(target);
      if (arn == null || arn.isBlank()) {
        throw new IllegalStateException("STS GetCallerIdentity returned no Arn");
      }
      principal = principalOf(arn);
    } catch (RuntimeException e) {
      if (failedUntil.put(key, now.plus(RETRY_AFTER)) == null) {
        LOG.warn(
            "cannot find out the operator's own IAM principal (STS GetCallerIdentity): {};"
                + " statements that must exempt it are not written; asked again every {} s",
            e.getMessage(),
            RETRY_AFTER.toSeconds());
      } else {
        LOG.debug("still cannot find out the operator's own IAM principal: {}", e.getMessage());
      }
      return Optional.empty();
    }
    known.put(key, principal);
    if (failedUntil.remove(key) != null) {
      LOG.info("the operator's own IAM principal is known again: {}", principal);
    }
    return Optional.of(principal);
  }

  /**
   * The principal of a caller ARN: {@code arn:aws:sts::A:assumed-role/R/session} is the role {@code
   * arn:aws:iam::A:role/R}; users, the root and federated users are themselves.
   */
  static String principalOf(String callerArn) {
    String[] parts = callerArn.split(":", 6);
    if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
      String[] role = parts[5].split("/", 3);
      return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role[1];
    }
    return callerArn;
  }
}
