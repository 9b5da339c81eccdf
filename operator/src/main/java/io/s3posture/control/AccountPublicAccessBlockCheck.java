package io.s3posture.control;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.PublicAccessBlock;

/**
 * The account-level Block Public Access (S3 Control): the same flags and rules as the bucket
 * control, one level up. Turns missing flags on, never turns any off; Audit never writes.
 */
public final class AccountPublicAccessBlockCheck {

  /** The outcome and the flags as they are after the check (empty if they could not be read). */
  public record Result(ControlOutcome outcome, PublicAccessBlock observed) {}

  private final ReadBackVerifier verifier;

  public AccountPublicAccessBlockCheck(ReadBackVerifier verifier) {
    this.verifier = verifier;
  }

  public Result run(
      AccountGateway gateway, String accountId, PublicAccessBlock required, Mode mode) {
    PublicAccessBlock observed;
    try {
      observed = gateway.publicAccessBlock(accountId);
    } catch (AwsFailure failure) {
      return new Result(failed(Drift.NONE, failure, "could not read"), null);
    }
    Drift drift = PublicAccessBlockControl.missingFlags(required, observed);
    if (drift.isNone()) {
      return new Result(ControlOutcome.compliant(ControlName.PUBLIC_ACCESS_BLOCK), observed);
    }
    if (mode == Mode.Audit) {
      return new Result(
          new ControlOutcome(
              ControlName.PUBLIC_ACCESS_BLOCK,
              OutcomeState.DRIFTED,
              drift,
              "AuditMode",
              "reported only (Audit mode)",
              false),
          observed);
    }
    try {
      PublicAccessBlock wanted = observed.union(required);
      gateway.putPublicAccessBlock(accountId, wanted);
      PublicAccessBlock[] after = {observed};
      Drift remaining =
          verifier.verify(
              () -> {
                after[0] = gateway.publicAccessBlock(accountId);
                return PublicAccessBlockControl.missingFlags(required, after[0]);
              });
      if (!remaining.isNone()) {
        return new Result(
            new ControlOutcome(
                ControlName.PUBLIC_ACCESS_BLOCK,
                OutcomeState.FAILED,
                drift,
                "VerificationFailed",
                "corrected, but a read-back still shows " + remaining.observed(),
                true),
            after[0]);
      }
      return new Result(
          new ControlOutcome(
              ControlName.PUBLIC_ACCESS_BLOCK,
              OutcomeState.CORRECTED,
              drift,
              "DriftCorrected",
              "corrected",
              false),
          after[0]);
    } catch (AwsFailure failure) {
      return new Result(failed(drift, failure, "correction failed"), observed);
    }
  }

  private static ControlOutcome failed(Drift drift, AwsFailure failure, String what) {
    return new ControlOutcome(
        ControlName.PUBLIC_ACCESS_BLOCK,
        OutcomeState.FAILED,
        drift,
        failure.kind().reason(),
        what + ": " + failure.getMessage(),
        failure.isTransient());
  }
}
