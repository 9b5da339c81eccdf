package io.s3posture.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.CheckSubject;
import io.s3posture.control.Exemptions;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.util.List;

/**
 * A policy as the fleet knows it, whatever the kind of its subjects: who it is (and the resource,
 * for events), where its subjects are and as whom, and what it requires of them.
 *
 * @param <S> the subjects it checks
 */
public sealed interface GovernedPolicy<S extends CheckSubject>
    permits GovernedBuckets, GovernedAccount {

  PolicyRef ref();

  HasMetadata resource();

  AwsTarget target();

  List<ManagedControl<S, ?, ?>> controls();

  Duration interval();

  Exemptions exemptions();

  /** Where its subjects live: the endpoint URL, or AWS's partition. */
  default String endpoint() {
    return endpointOf(target());
  }

  /** The endpoint URL of {@code target}, or AWS's partition of its region. */
  static String endpointOf(AwsTarget target) {
    return target
        .endpoint()
        .map(Object::toString)
        .orElseGet(
            () ->
                target.region().startsWith("cn-")
                    ? "aws-cn"
                    : target.region().startsWith("us-gov-") ? "aws-us-gov" : "aws");
  }
}
