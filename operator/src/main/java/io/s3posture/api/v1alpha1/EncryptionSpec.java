package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.algorithm != 'SSE-S3' || !has(self.kmsKeyArn)",
    message =
        "kmsKeyArn cannot be used with SSE-S3: choose SSE-KMS or DSSE-KMS, or remove kmsKeyArn",
    fieldPath = ".kmsKeyArn")
@ValidationRule(
    value = "self.algorithm == 'SSE-S3' || has(self.kmsKeyArn)",
    message =
        "SSE-KMS and DSSE-KMS need kmsKeyArn: the key the operator sets when it corrects drift",
    fieldPath = ".kmsKeyArn")
@ValidationRule(
    value = "!has(self.bucketKeyEnabled) || !self.bucketKeyEnabled || self.algorithm == 'SSE-KMS'",
    message = "bucketKeyEnabled is only supported with SSE-KMS (not with SSE-S3 or DSSE-KMS)",
    fieldPath = ".bucketKeyEnabled")
public record EncryptionSpec(
    @JsonPropertyDescription(
            "Default encryption for new objects: SSE-S3 (S3-managed keys), SSE-KMS or DSSE-KMS"
                + " (AWS KMS keys). Stronger settings satisfy weaker ones and are never downgraded:"
                + " SSE-KMS with an accepted key satisfies SSE-S3, DSSE-KMS (dual-layer) with an"
                + " accepted key satisfies SSE-KMS unless bucketKeyEnabled: true is required.")
        @Default("SSE-S3")
        EncryptionAlgorithm algorithm,
    @JsonPropertyDescription(
            "Full ARN of the KMS key to use with SSE-KMS or DSSE-KMS. A bucket encrypted with any"
                + " key that is neither this one nor in allowedKmsKeys is drift: this is how a"
                + " ransomware re-keying with an attacker's key is caught.")
        @Size(max = 512)
        @ValidationRule(
            value = ApiPatterns.KMS_KEY_ARN_RULE,
            messageExpression = ApiPatterns.KMS_KEY_ARN_MESSAGE)
        String kmsKeyArn,
    @JsonPropertyDescription(
            "Require S3 Bucket Keys (fewer KMS requests) on or off. Unset: not managed. Only with"
                + " SSE-KMS.")
        Boolean bucketKeyEnabled,
    @JsonPropertyDescription(
            "Further KMS key ARNs a bucket may already use without being drift (e.g. during a key"
                + " rotation). With SSE-S3, a bucket using one of these keys is also compliant;"
                + " any other KMS key is drift.")
        @Size(max = 20)
        @ValidationRule(
            value = ApiPatterns.KMS_KEY_ARNS_RULE,
            message = ApiPatterns.KMS_KEY_ARNS_MESSAGE)
        List<@Size(max = 512) String> allowedKmsKeys,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
