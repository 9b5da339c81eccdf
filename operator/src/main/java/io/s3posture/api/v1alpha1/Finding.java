package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    @JsonPropertyDescription("Bucket name (absent for account-level findings).") String bucket,
    @JsonPropertyDescription(
            "The member account the finding is about (AccountPolicies with spec.organization"
                + " only).")
        String account,
    @JsonPropertyDescription("Control name, as in spec.controls.") String control,
    @JsonPropertyDescription(
            "Drifted, Failed, NeedsHuman, Conflict, or Exempt (accepted until an exemption expires;"
                + " the action names its owner, expiry and reason).")
        FindingState state,
    @JsonPropertyDescription("What the policy requires.") String expected,
    @JsonPropertyDescription("What the bucket has (or the error when it could not be read).")
        String observed,
    @JsonPropertyDescription("What the operator did about it.") String action,
    @JsonPropertyDescription(
            "Stable reason code, e.g. AccessDenied, NoSuchBucket, Throttled, InvalidKmsKey.")
        String reason,
    @JsonPropertyDescription("When this finding was first seen (RFC 3339).") String since) {}
