package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The controls a policy manages. A control that is not named here is never read or written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.publicAccessBlock) || has(self.encryption) || has(self.versioning) ||"
            + " has(self.objectLock) || has(self.replication) || has(self.tlsOnly) ||"
            + " has(self.aclsDisabled) || has(self.noPublicAcl) || has(self.noPublicPolicy) ||"
            + " has(self.websiteDisabled) || has(self.accessLogging)",
    message = "spec.controls must name at least one control")
@ValidationRule(
    value = "!has(self.objectLock) || has(self.versioning)",
    message =
        "objectLock needs the versioning control too: S3 requires versioning Enabled before"
            + " object lock",
    fieldPath = ".objectLock")
@ValidationRule(
    value = "!has(self.replication) || has(self.versioning)",
    message =
        "replication needs the versioning control too: S3 requires versioning Enabled on the"
            + " source bucket",
    fieldPath = ".replication")
public record ControlsSpec(
    @JsonPropertyDescription(
            "Bucket-level Block Public Access. Each flag that is true must be on; the operator"
                + " turns missing flags on and never turns any off.")
        PublicAccessBlockSpec publicAccessBlock,
    @JsonPropertyDescription(
            "Default encryption with an approved algorithm and KMS key. A bucket re-keyed with an"
                + " unapproved KMS key is drift.")
        EncryptionSpec encryption,
    @JsonPropertyDescription(
            "Versioning Enabled, and optionally MFA delete (reported only, never corrected).")
        VersioningSpec versioning,
    @JsonPropertyDescription(
            "Object lock enabled, with an optional default retention. Object lock can never be"
                + " turned off again; enabling it needs versioning Enabled first.")
        ObjectLockSpec objectLock,
    @JsonPropertyDescription(
            "Cross-region (or same-region) replication rules that must be present.")
        ReplicationSpec replication,
    @JsonPropertyDescription(
            "Deny requests that do not use TLS: a Deny statement on aws:SecureTransport=false with"
                + " the fixed Sid 'S3PostureDenyInsecureTransport', merged into the bucket"
                + " policy. Every other statement is preserved exactly. Write {} to enable.")
        BasicControlSpec tlsOnly,
    @JsonPropertyDescription(
            "Disable ACLs: object ownership BucketOwnerEnforced. If the bucket ACL grants access"
                + " to others, it is reset to private first (S3 refuses the change otherwise)."
                + " Write {} to enable.")
        BasicControlSpec aclsDisabled,
    @JsonPropertyDescription(
            "No bucket ACL grant to AllUsers or AuthenticatedUsers. Only the public grants are"
                + " removed; other grants are kept. Write {} to enable.")
        BasicControlSpec noPublicAcl,
    @JsonPropertyDescription(
            "No bucket policy statement that allows a wildcard principal without a restricting"
                + " condition. Reported only (NeedsHuman): the operator never removes statements"
                + " it did not write; publicAccessBlock.restrictPublicBuckets neutralises them."
                + " Write {} to enable.")
        BasicControlSpec noPublicPolicy,
    @JsonPropertyDescription(
            "No static website hosting (website endpoints are HTTP-only and need public read)."
                + " The website configuration is deleted; objects are untouched. Write {} to"
                + " enable.")
        BasicControlSpec websiteDisabled,
    @JsonPropertyDescription("Server access logging to a target bucket and prefix.")
        AccessLoggingSpec accessLogging) {}
