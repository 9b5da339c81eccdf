package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.aws.PublicAccessBlock;
import java.util.List;
import java.util.Optional;

/**
 * The account-level Block Public Access (S3 Control): the same flags and rules as the bucket
 * control, one level up. Turns missing flags on, never turns any off.
 */
public final class AccountPublicAccessBlockControl
    implements AccountControl<PublicAccessBlock, PublicAccessBlock> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "publicAccessBlock", "PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock")
          .audited(
              CheckInfo.of(
                      "accountPublicAccessBlock",
                      Severity.HIGH,
                      "Account Block Public Access on",
                      "The account-level flags apply to every bucket of the account, present and"
                          + " future.")
                  .mappedTo(FrameworkMapping.cis("2.1.4"), FrameworkMapping.securityHub("S3.1"))
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<PublicAccessBlock>> declared(AccountPolicySpec spec) {
    return Optional.ofNullable(spec.publicAccessBlock())
        .map(block -> Declared.of(PublicAccessBlockControl.required(block), block.mode()));
  }

  @Override
  public PublicAccessBlock observe(AccountSubject subject) {
    return subject.s3Control().publicAccessBlock(subject.accountId());
  }

  @Override
  public Drift diff(PublicAccessBlock required, PublicAccessBlock observed) {
    return PublicAccessBlockControl.missingFlags(required, observed);
  }

  @Override
  public List<Write<AccountSubject>> plan(
      AccountSubject subject, PublicAccessBlock required, PublicAccessBlock observed) {
    PublicAccessBlock wanted = observed.union(required);
    return List.of(
        Write.of(
            "PutPublicAccessBlock",
            "account Block Public Access " + wanted.describe(),
            s -> s.s3Control().putPublicAccessBlock(s.accountId(), wanted)));
  }

  @Override
  public Optional<PublicAccessBlock> combine(PublicAccessBlock a, PublicAccessBlock b) {
    return Optional.of(a.union(b));
  }
}
