package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonClassDescription(
    "The desired account-level settings and detection services, and the account they apply to.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.aws.accountId) || has(self.organization)",
    message =
        "AccountPolicy needs spec.aws.accountId (S3 Control addresses the account by its ID), or"
            + " spec.organization to check every member account",
    fieldPath = ".aws")
@ValidationRule(
    value = "!has(self.organization) || !has(self.aws.accountId)",
    message =
        "spec.organization discovers the member accounts: leave spec.aws.accountId unset"
            + " (spec.aws.roleArn, if set, is the role that lists the organization)",
    fieldPath = ".organization")
@ValidationRule(
    value = "has(self.publicAccessBlock) || has(self.detection) || has(self.noPublicAccessPoints)",
    message = "AccountPolicy must declare publicAccessBlock, noPublicAccessPoints or detection")
public record AccountPolicySpec(
    @JsonPropertyDescription(
            "The account (aws.accountId) and how to reach it. With spec.organization, the region"
                + " the members are checked in, and the credentials (roleArn) that list the"
                + " organization: the management account or a delegated administrator.")
        @Required
        AwsSpec aws,
    @JsonPropertyDescription(
            "Enforce (default): detect drift and correct it. Audit: detect and report only.")
        @Default(Mode.DEFAULT)
        Mode mode,
    @JsonPropertyDescription(BucketPolicySpec.RESYNC_DESCRIPTION)
        @Default("10m")
        @Size(max = 32)
        @ValidationRule(
            value = BucketPolicySpec.RESYNC_RULE,
            message = BucketPolicySpec.RESYNC_MESSAGE)
        String resyncInterval,
    @JsonPropertyDescription(
            "Account-level Block Public Access (S3 Control). It applies to every bucket of the"
                + " account: the effective setting of a bucket is the stricter of its own and the"
                + " account's. Each flag that is true must be on; none is ever turned off. MITRE"
                + " ATT&CK: mitigates T1530.")
        PublicAccessBlockSpec publicAccessBlock,
    @JsonPropertyDescription(
            "Detection services that must watch S3 in spec.aws.region: CloudTrail data events,"
                + " AWS Config, GuardDuty S3 Protection, Macie. Checked and reported only, whatever"
                + " spec.mode says: the operator never turns a service on.")
        DetectionSpec detection,
    @JsonPropertyDescription(
            "The account's access points in spec.aws.region and all its multi-region access"
                + " points have all four Block Public Access flags on and no policy statement that"
                + " allows everyone. Reported only (NeedsHuman): S3 cannot change the Block Public"
                + " Access of an access point after creation (replace it), and the operator never"
                + " removes policy statements it did not write; publicAccessBlock with"
                + " restrictPublicBuckets neutralises public access-point policies. Write {} to"
                + " check. MITRE ATT&CK: mitigates T1530.")
        BasicControlSpec noPublicAccessPoints,
    @JsonPropertyDescription(
            "Check every ACTIVE member account of the AWS Organization instead of one account."
                + " The members are listed (organizations:ListAccounts, with spec.aws's"
                + " credentials) at every check, so accounts that join are checked and accounts"
                + " that leave, are suspended or are excluded are dropped from status and"
                + " metrics. Each member is its own check through memberRoleName: one that fails"
                + " (role refused, unreachable) is a finding of that account and never delays"
                + " the others. If the listing fails, the last known members are checked and"
                + " Synced is False with the cause.")
        OrganizationSpec organization) {

  /** An AccountPolicy for the account-level Block Public Access only. */
  public AccountPolicySpec(
      AwsSpec aws, Mode mode, String resyncInterval, PublicAccessBlockSpec publicAccessBlock) {
    this(aws, mode, resyncInterval, publicAccessBlock, null, null, null);
  }

  /** An AccountPolicy without access-point checks. */
  public AccountPolicySpec(
      AwsSpec aws,
      Mode mode,
      String resyncInterval,
      PublicAccessBlockSpec publicAccessBlock,
      DetectionSpec detection) {
    this(aws, mode, resyncInterval, publicAccessBlock, detection, null, null);
  }

  /** An AccountPolicy of one account. */
  public AccountPolicySpec(
      AwsSpec aws,
      Mode mode,
      String resyncInterval,
      PublicAccessBlockSpec publicAccessBlock,
      DetectionSpec detection,
      BasicControlSpec noPublicAccessPoints) {
    this(aws, mode, resyncInterval, publicAccessBlock, detection, noPublicAccessPoints, null);
  }
}
