package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.externalId) || has(self.roleArn)",
    message = "externalId is only used with roleArn (STS AssumeRole)",
    fieldPath = ".externalId")
public record AwsSpec(
    @JsonPropertyDescription("AWS region of the governed buckets, e.g. eu-west-1.")
        @Required
        @Size(min = 1, max = 32)
        @ValidationRule(
            value = "self.matches('^[a-z]{2}(-[a-z]+)+-[0-9]+$')",
            messageExpression = "'\"' + self + '\" is not an AWS region such as eu-west-1'")
        String region,
    @JsonPropertyDescription(
            "12-digit AWS account that must own the buckets. Sent as ExpectedBucketOwner on every"
                + " call, so a bucket name that now belongs to someone else is never touched."
                + " Required for account-level (S3 Control) settings.")
        @ValidationRule(
            value = "self.matches('^[0-9]{12}$')",
            message = "accountId must be the 12-digit AWS account ID")
        String accountId,
    @JsonPropertyDescription(
            "IAM role to assume through STS for these buckets (e.g. in another account)."
                + " Credentials are cached and refreshed before they expire. Without it, the"
                + " operator's own credentials are used (IRSA, EKS Pod Identity, environment).")
        @Size(max = 1024)
        @ValidationRule(
            value = ApiPatterns.ROLE_ARN_RULE,
            messageExpression = ApiPatterns.ROLE_ARN_MESSAGE)
        String roleArn,
    @JsonPropertyDescription(
            "ExternalId for AssumeRole, when the role's trust policy requires one.")
        @Size(min = 2, max = 1224)
        String externalId,
    @JsonPropertyDescription(
            "Endpoint URL overriding AWS's, for S3-compatible services and local testing (path-style"
                + " addressing is used). Leave unset for AWS.")
        @Size(max = 512)
        @ValidationRule(
            value = "self.matches('^https?://[^ ]+$')",
            message = "endpoint must be an http:// or https:// URL")
        String endpoint) {}
