package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonClassDescription("The desired account-level settings, and the account they apply to.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.aws.accountId)",
    message = "AccountPolicy needs spec.aws.accountId: S3 Control addresses the account by its ID",
    fieldPath = ".aws")
public record AccountPolicySpec(
    @JsonPropertyDescription("The account (aws.accountId is required) and how to reach it.")
        @Required
        AwsSpec aws,
    @JsonPropertyDescription(
            "Enforce (default): detect drift and correct it. Audit: detect and report only.")
        @Default("Enforce")
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
                + " account's. Each flag that is true must be on; none is ever turned off.")
        @Required
        PublicAccessBlockSpec publicAccessBlock) {}
