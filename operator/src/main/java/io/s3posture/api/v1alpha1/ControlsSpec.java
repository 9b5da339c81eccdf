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
            + " has(self.websiteDisabled) || has(self.accessLogging) || has(self.blockSseC) ||"
            + " has(self.denyUnapprovedKmsKeys) || has(self.vpcEndpointOnly) ||"
            + " has(self.noExternalAccess) || has(self.lifecycleRetention) ||"
            + " has(self.noPublicAccessPoints)",
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
@ValidationRule(
    value = "!has(self.denyUnapprovedKmsKeys) || has(self.encryption)",
    message =
        "denyUnapprovedKmsKeys needs the encryption control too: its kmsKeyArn and allowedKmsKeys"
            + " are the approved keys",
    fieldPath = ".denyUnapprovedKmsKeys")
public record ControlsSpec(
    @JsonPropertyDescription(
            "Bucket-level Block Public Access. Each flag that is true must be on; the operator"
                + " turns missing flags on and never turns any off. MITRE ATT&CK: mitigates"
                + " T1530.")
        PublicAccessBlockSpec publicAccessBlock,
    @JsonPropertyDescription(
            "Default encryption with an approved algorithm and KMS key. A bucket re-keyed with an"
                + " unapproved KMS key is drift. MITRE ATT&CK: mitigates T1486.")
        EncryptionSpec encryption,
    @JsonPropertyDescription(
            "Versioning Enabled, and optionally MFA delete (reported only, never corrected). MITRE"
                + " ATT&CK: mitigates T1485, T1486, T1490.")
        VersioningSpec versioning,
    @JsonPropertyDescription(
            "Object lock enabled, with an optional default retention. Object lock can never be"
                + " turned off again; enabling it needs versioning Enabled first. MITRE ATT&CK:"
                + " mitigates T1485, T1485.001, T1486, T1490.")
        ObjectLockSpec objectLock,
    @JsonPropertyDescription(
            "Cross-region (or same-region) replication rules that must be present. MITRE ATT&CK:"
                + " mitigates T1485, T1486, T1490.")
        ReplicationSpec replication,
    @JsonPropertyDescription(
            "Deny requests that do not use TLS: a Deny statement on aws:SecureTransport=false with"
                + " the fixed Sid 'S3PostureDenyInsecureTransport', merged into the bucket"
                + " policy, and optionally a minimum TLS version. Every other statement is"
                + " preserved exactly. Write {} to enable. MITRE ATT&CK: mitigates T1557, T1040.")
        TlsOnlySpec tlsOnly,
    @JsonPropertyDescription(
            "Disable ACLs: object ownership BucketOwnerEnforced. If the bucket ACL grants access"
                + " to others, it is reset to private first (S3 refuses the change otherwise)."
                + " Write {} to enable. MITRE ATT&CK: mitigates T1530, T1537.")
        BasicControlSpec aclsDisabled,
    @JsonPropertyDescription(
            "No bucket ACL grant to AllUsers or AuthenticatedUsers. Only the public grants are"
                + " removed; other grants are kept. Write {} to enable. MITRE ATT&CK: mitigates"
                + " T1530.")
        BasicControlSpec noPublicAcl,
    @JsonPropertyDescription(
            "No bucket policy statement that allows a wildcard principal without a restricting"
                + " condition. Reported only (NeedsHuman): the operator never removes statements"
                + " it did not write; publicAccessBlock.restrictPublicBuckets neutralises them."
                + " Write {} to enable. MITRE ATT&CK: mitigates T1530.")
        BasicControlSpec noPublicPolicy,
    @JsonPropertyDescription(
            "No static website hosting (website endpoints are HTTP-only and need public read)."
                + " The website configuration is deleted; objects are untouched. Write {} to"
                + " enable. MITRE ATT&CK: mitigates T1530.")
        BasicControlSpec websiteDisabled,
    @JsonPropertyDescription(
            "Server access logging to a target bucket and prefix (the prefix may name each"
                + " bucket: '{bucket}'). MITRE ATT&CK: mitigates T1562.008; detects T1530.")
        AccessLoggingSpec accessLogging,
    @JsonPropertyDescription(
            "Keep uploads with customer-provided keys (SSE-C) blocked: SSE-C in the"
                + " default-encryption rule's BlockedEncryptionTypes. Ransomware re-encrypts"
                + " objects with SSE-C keys only the attacker holds. The rest of the rule is kept;"
                + " SSE-C is never unblocked. Write {} to enable. MITRE ATT&CK: mitigates T1486.")
        BasicControlSpec blockSseC,
    @JsonPropertyDescription(
            "Deny uploads (PutObject, CopyObject, CreateMultipartUpload: s3:PutObject) that name a"
                + " KMS key other than encryption.kmsKeyArn and encryption.allowedKmsKeys: a Deny"
                + " statement with the fixed Sid 'S3PostureDenyUnapprovedKmsKeys'. Uploads must"
                + " name approved keys by their full key ARN; uploads that name no key are not"
                + " affected. Needs the encryption control. Write {} to enable. MITRE ATT&CK:"
                + " mitigates T1486.")
        BasicControlSpec denyUnapprovedKmsKeys,
    @JsonPropertyDescription(
            "Deny access that does not come through one of the listed VPC endpoints"
                + " (aws:SourceVpce), except for the listed principals, AWS services acting for a"
                + " principal (aws:ViaAWSService) and the operator itself: a Deny statement with"
                + " the fixed Sid 'S3PostureVpcEndpointOnly'. Audit unless mode says otherwise."
                + " MITRE ATT&CK: mitigates T1078.004, T1530.")
        VpcEndpointOnlySpec vpcEndpointOnly,
    @JsonPropertyDescription(
            "No bucket policy statement or ACL grant that gives access to principals outside the"
                + " bucket owner's account, allowedAccounts and allowedOrganizations. Reported"
                + " only (NeedsHuman): the operator never removes statements or grants it did not"
                + " write. Write {} to check that nothing is shared outside the owner's account."
                + " MITRE ATT&CK: mitigates T1537, T1530.")
        NoExternalAccessSpec noExternalAccess,
    @JsonPropertyDescription(
            "Lifecycle rules may not destroy data sooner than the minimums: no enabled rule"
                + " expires current versions, or deletes noncurrent versions, sooner (whoever may"
                + " call PutBucketLifecycleConfiguration can otherwise destroy every version"
                + " within a day, without one DeleteObject call and whatever MFA delete says)."
                + " ExpiredObjectDeleteMarker alone is allowed: it removes only delete markers"
                + " with no version left behind them; transitions and AbortIncompleteMultipartUpload"
                + " delete no object. Enforce sets each offending rule's Status to Disabled and"
                + " writes every other rule and field back as read: the rule stays, as written,"
                + " for a person to fix and re-enable (a disabled rule also stops its transitions"
                + " and upload clean-up). It never deletes, shortens or adds a rule, so it never"
                + " makes lifecycle more destructive and never deletes data. Write {} for the"
                + " defaults. MITRE ATT&CK: mitigates T1485.001, T1485.")
        LifecycleRetentionSpec lifecycleRetention,
    @JsonPropertyDescription(
            "The bucket's access points (in its region, owned by the bucket owner's account) have"
                + " all four Block Public Access flags on and no policy statement that allows"
                + " everyone. Reported only (NeedsHuman): S3 cannot change an access point's Block"
                + " Public Access after creation (replace the access point), and the operator"
                + " never removes policy statements it did not write; the account's Block Public"
                + " Access (AccountPolicy publicAccessBlock) applies to every access point."
                + " Multi-region access points are the AccountPolicy's noPublicAccessPoints."
                + " Write {} to enable. MITRE ATT&CK: mitigates T1530.")
        BasicControlSpec noPublicAccessPoints) {

  /** A spec built by naming controls: only those named are managed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ControlsSpec} control by control, by name (the record's order is not API). */
  public static final class Builder {
    private PublicAccessBlockSpec publicAccessBlock;
    private EncryptionSpec encryption;
    private VersioningSpec versioning;
    private ObjectLockSpec objectLock;
    private ReplicationSpec replication;
    private TlsOnlySpec tlsOnly;
    private BasicControlSpec aclsDisabled;
    private BasicControlSpec noPublicAcl;
    private BasicControlSpec noPublicPolicy;
    private BasicControlSpec websiteDisabled;
    private AccessLoggingSpec accessLogging;
    private BasicControlSpec blockSseC;
    private BasicControlSpec denyUnapprovedKmsKeys;
    private VpcEndpointOnlySpec vpcEndpointOnly;
    private NoExternalAccessSpec noExternalAccess;
    private LifecycleRetentionSpec lifecycleRetention;
    private BasicControlSpec noPublicAccessPoints;

    private Builder() {}

    public Builder publicAccessBlock(PublicAccessBlockSpec spec) {
      this.publicAccessBlock = spec;
      return this;
    }

    public Builder encryption(EncryptionSpec spec) {
      this.encryption = spec;
      return this;
    }

    public Builder versioning(VersioningSpec spec) {
      this.versioning = spec;
      return this;
    }

    public Builder objectLock(ObjectLockSpec spec) {
      this.objectLock = spec;
      return this;
    }

    public Builder replication(ReplicationSpec spec) {
      this.replication = spec;
      return this;
    }

    public Builder tlsOnly(TlsOnlySpec spec) {
      this.tlsOnly = spec;
      return this;
    }

    public Builder aclsDisabled(BasicControlSpec spec) {
      this.aclsDisabled = spec;
      return this;
    }

    public Builder noPublicAcl(BasicControlSpec spec) {
      this.noPublicAcl = spec;
      return this;
    }

    public Builder noPublicPolicy(BasicControlSpec spec) {
      this.noPublicPolicy = spec;
      return this;
    }

    public Builder websiteDisabled(BasicControlSpec spec) {
      this.websiteDisabled = spec;
      return this;
    }

    public Builder accessLogging(AccessLoggingSpec spec) {
      this.accessLogging = spec;
      return this;
    }

    public Builder blockSseC(BasicControlSpec spec) {
      this.blockSseC = spec;
      return this;
    }

    public Builder denyUnapprovedKmsKeys(BasicControlSpec spec) {
      this.denyUnapprovedKmsKeys = spec;
      return this;
    }

    public Builder vpcEndpointOnly(VpcEndpointOnlySpec spec) {
      this.vpcEndpointOnly = spec;
      return this;
    }

    public Builder noExternalAccess(NoExternalAccessSpec spec) {
      this.noExternalAccess = spec;
      return this;
    }

    public Builder lifecycleRetention(LifecycleRetentionSpec spec) {
      this.lifecycleRetention = spec;
      return this;
    }

    public Builder noPublicAccessPoints(BasicControlSpec spec) {
      this.noPublicAccessPoints = spec;
      return this;
    }

    public ControlsSpec build() {
      return new ControlsSpec(
          publicAccessBlock,
          encryption,
          versioning,
          objectLock,
          replication,
          tlsOnly,
          aclsDisabled,
          noPublicAcl,
          noPublicPolicy,
          websiteDisabled,
          accessLogging,
          blockSseC,
          denyUnapprovedKmsKeys,
          vpcEndpointOnly,
          noExternalAccess,
          lifecycleRetention,
          noPublicAccessPoints);
    }
  }
}
