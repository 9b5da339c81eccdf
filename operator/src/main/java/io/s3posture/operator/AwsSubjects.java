package io.s3posture.operator;

import io.s3posture.aws.AwsGateways;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.OperatorPrincipals;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.fleet.SubjectChecker;
import java.util.Objects;

/** Subjects reached through the AWS SDK gateways of a target. */
final class AwsSubjects implements SubjectChecker.Subjects {

  private final AwsGateways gateways;
  private final OperatorPrincipals principals;

  AwsSubjects(AwsGateways gateways, OperatorPrincipals principals) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.principals = Objects.requireNonNull(principals, "principals");
  }

  @Override
  public BucketSubject bucket(AwsTarget target, String bucket) {
    return BucketSubject.of(gateways.bucketGateway(target), bucket, () -> principals.apply(target));
  }

  @Override
  public AccountSubject account(AwsTarget target, String accountId) {
    return AccountSubject.of(
        gateways.accountGateway(target), gateways.detectionGateway(target), accountId);
  }
}
