package io.s3posture.fleet;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.AwsTarget;
import io.s3posture.changes.ChangeEvent;
import io.s3posture.changes.OwnWriteRecogniser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities the operator writes as, learnt from the targets its policies use, so that change
 * events caused by its own corrections are recognised and not checked again:
 *
 * <ul>
 *   <li>a target with a role: the operator assumes it with the session name {@value
 *       AwsTarget#ROLE_SESSION_NAME} (no AWS call needed);
 *   <li>a target on the default chain: its caller ARN (STS GetCallerIdentity), asked once per set
 *       of credentials and again every {@link #RELEARN} (IRSA and Pod Identity sessions get a new
 *       name when their credentials are refreshed; the old ones are kept).
 * </ul>
 *
 * A failed GetCallerIdentity is retried after {@link #RETRY}; until then the operator's own writes
 * on those credentials are checked like anyone's (a check that finds nothing to correct, never a
 * loop). Blocking (STS): call it off the event source's thread.
 */
public final class OwnIdentities {

  static final Duration RELEARN = Duration.ofMinutes(15);
  static final Duration RETRY = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(OwnIdentities.class);

  private record Learnt(Instant at, boolean succeeded) {}

  private final Function<AwsTarget, String> callerArn;
  private final Supplier<Collection<AwsTarget>> targets;
  private final Clock clock;
  private final OwnWriteRecogniser recogniser = new OwnWriteRecogniser();
  private final Map<AwsTarget, Learnt> learnt = new ConcurrentHashMap<>();

  /**
   * @param callerArn the ARN a target's credentials act as (STS GetCallerIdentity)
   * @param targets the targets of every policy the operator knows now
   */
  public OwnIdentities(
      Function<AwsTarget, String> callerArn, Supplier<Collection<AwsTarget>> targets, Clock clock) {
    this.callerArn = Objects.requireNonNull(callerArn, "callerArn");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether {@code event} was caused by one of the operator's own calls. */
  public boolean isOwnWrite(ChangeEvent event) {
    if (event.principalArn().isEmpty()) {
      return false;
    }
    learn();
    return recogniser.isOwnWrite(event);
  }

  private void learn() {
    Instant now = clock.instant();
    for (AwsTarget target : targets.get()) {
      if (target.roleArn().isPresent()) {
        try {
          recogniser.addAssumedRole(target.roleArn().get());
        } catch (IllegalArgumentException notARole) {
          // the CRD validates role ARNs; nothing the operator could have written as
        }
        continue;
      }
      AwsTarget credentials = credentialsOf(target);
      Learnt last = learnt.get(credentials);
      if (last != null && now.isBefore(last.at().plus(last.succeeded() ? RELEARN : RETRY))) {
        continue;
      }
      learnt.put(credentials, new Learnt(now, ask(credentials).isPresent()));
    }
  }

  private Optional<String> ask(AwsTarget credentials) {
    try {
      String arn = callerArn.apply(credentials);
      recogniser.addCallerArn(arn);
      return Optional.of(arn);
    } catch (AwsFailure failure) {
      LOG.warn(
          "cannot learn the operator's identity (STS GetCallerIdentity: {}); change events of its"
              + " own writes are checked like others until it can",
          failure.getMessage());
      return Optional.empty();
    }
  }

  /** What a caller ARN depends on: the credentials (default chain) and the endpoint. */
  private static AwsTarget credentialsOf(AwsTarget target) {
    return new AwsTarget(
        target.region(), Optional.empty(), Optional.empty(), Optional.empty(), target.endpoint());
  }
}
