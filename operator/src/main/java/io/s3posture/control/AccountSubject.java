package io.s3posture.control;

import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.DetectionGateway;
import java.util.Objects;

/** An AWS account under check: its S3 Control settings and its detection services in a region. */
public record AccountSubject(AccountGateway s3Control, DetectionGateway detection, String accountId)
    implements CheckSubject {

  public AccountSubject {
    Objects.requireNonNull(s3Control, "s3Control");
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(accountId, "accountId");
  }

  /** A subject for one check: each setting is read once (the status reads what the check read). */
  public static AccountSubject of(
      AccountGateway s3Control, DetectionGateway detection, String accountId) {
    return new AccountSubject(
        s3Control instanceof OncePerCheckAccountGateway
            ? s3Control
            : new OncePerCheckAccountGateway(s3Control),
        detection,
        accountId);
  }

  @Override
  public String name() {
    return accountId;
  }

  @Override
  public void forgetReads() {
    if (s3Control instanceof OncePerCheckAccountGateway once) {
      once.forgetReads();
    }
  }

  @Override
  public String toString() {
    return "account " + accountId;
  }
}
