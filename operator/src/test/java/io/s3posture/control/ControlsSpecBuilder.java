package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.LifecycleRetentionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.NoExternalAccessSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.api.v1alpha1.TlsOnlySpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.api.v1alpha1.VpcEndpointOnlySpec;

/** Builds a {@link ControlsSpec}: only the controls named are managed. */
public final class ControlsSpecBuilder {

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
  private LifecycleRetentionSpec lifecycleRetention;
  private BasicControlSpec noPublicAccessPoints;
  private BasicControlSpec blockSseC;
  private BasicControlSpec denyUnapprovedKmsKeys;
  private VpcEndpointOnlySpec vpcEndpointOnly;
  private NoExternalAccessSpec noExternalAccess;

  public static ControlsSpecBuilder controls() {
    return new ControlsSpecBuilder();
  }

  public static BasicControlSpec on() {
    return new BasicControlSpec(null);
  }

  public static BasicControlSpec on(Mode mode) {
    return new BasicControlSpec(mode);
  }

  public static PublicAccessBlockSpec allFlags() {
    return new PublicAccessBlockSpec(true, true, true, true, null);
  }

  public static EncryptionSpec sseS3() {
    return new EncryptionSpec(null, null, null, null, null);
  }

  public static VersioningSpec versioningEnabled() {
    return new VersioningSpec(VersioningSpec.Status.Enabled, null, null);
  }

  public ControlsSpecBuilder publicAccessBlock(PublicAccessBlockSpec spec) {
    this.publicAccessBlock = spec;
    return this;
  }

  public ControlsSpecBuilder encryption(EncryptionSpec spec) {
    this.encryption = spec;
    return this;
  }

  public ControlsSpecBuilder versioning(VersioningSpec spec) {
    this.versioning = spec;
    return this;
  }

  public ControlsSpecBuilder objectLock(ObjectLockSpec spec) {
    this.objectLock = spec;
    return this;
  }

  public ControlsSpecBuilder replication(ReplicationSpec spec) {
    this.replication = spec;
    return this;
  }

  public ControlsSpecBuilder tlsOnly(BasicControlSpec spec) {
    this.tlsOnly = new TlsOnlySpec(spec.mode());
    return this;
  }

  public ControlsSpecBuilder tlsOnly(TlsOnlySpec spec) {
    this.tlsOnly = spec;
    return this;
  }

  public ControlsSpecBuilder blockSseC(BasicControlSpec spec) {
    this.blockSseC = spec;
    return this;
  }

  public ControlsSpecBuilder denyUnapprovedKmsKeys(BasicControlSpec spec) {
    this.denyUnapprovedKmsKeys = spec;
    return this;
  }

  public ControlsSpecBuilder vpcEndpointOnly(VpcEndpointOnlySpec spec) {
    this.vpcEndpointOnly = spec;
    return this;
  }

  public ControlsSpecBuilder noExternalAccess(NoExternalAccessSpec spec) {
    this.noExternalAccess = spec;
    return this;
  }

  public ControlsSpecBuilder aclsDisabled(BasicControlSpec spec) {
    this.aclsDisabled = spec;
    return this;
  }

  public ControlsSpecBuilder noPublicAcl(BasicControlSpec spec) {
    this.noPublicAcl = spec;
    return this;
  }

  public ControlsSpecBuilder noPublicPolicy(BasicControlSpec spec) {
    this.noPublicPolicy = spec;
    return this;
  }

  public ControlsSpecBuilder websiteDisabled(BasicControlSpec spec) {
    this.websiteDisabled = spec;
    return this;
  }

  public ControlsSpecBuilder lifecycleRetention(LifecycleRetentionSpec spec) {
    this.lifecycleRetention = spec;
    return this;
  }

  public ControlsSpecBuilder noPublicAccessPoints(BasicControlSpec spec) {
    this.noPublicAccessPoints = spec;
    return this;
  }

  public ControlsSpecBuilder accessLogging(AccessLoggingSpec spec) {
    this.accessLogging = spec;
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
