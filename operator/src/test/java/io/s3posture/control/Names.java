package io.s3posture.control;

import java.util.List;

/** The controls' names, for tests. */
final class Names {

  static final ControlName NO_PUBLIC_ACL = NoPublicAclControl.INFO.name();
  static final ControlName ACLS_DISABLED = AclsDisabledControl.INFO.name();
  static final ControlName PUBLIC_ACCESS_BLOCK = PublicAccessBlockControl.INFO.name();
  static final ControlName ENCRYPTION = EncryptionControl.INFO.name();
  static final ControlName VERSIONING = VersioningControl.INFO.name();
  static final ControlName OBJECT_LOCK = ObjectLockControl.INFO.name();
  static final ControlName REPLICATION = ReplicationControl.INFO.name();
  static final ControlName TLS_ONLY = TlsOnlyControl.INFO.name();
  static final ControlName NO_PUBLIC_POLICY = NoPublicPolicyControl.INFO.name();
  static final ControlName ACCESS_LOGGING = AccessLoggingControl.INFO.name();
  static final ControlName WEBSITE_DISABLED = WebsiteDisabledControl.INFO.name();
  static final ControlName BLOCK_SSE_C = BlockSseCControl.INFO.name();
  static final ControlName DENY_UNAPPROVED_KMS_KEYS = DenyUnapprovedKmsKeysControl.INFO.name();
  static final ControlName VPC_ENDPOINT_ONLY = VpcEndpointOnlyControl.INFO.name();
  static final ControlName NO_EXTERNAL_ACCESS = NoExternalAccessControl.INFO.name();
  static final ControlName LIFECYCLE_RETENTION = LifecycleRetentionControl.INFO.name();
  static final ControlName NO_PUBLIC_ACCESS_POINTS = NoPublicAccessPointsControl.INFO.name();

  /** Every bucket control, in run order. */
  static final List<ControlName> ALL =
      ControlCatalog.standard().bucketControls().stream().map(Control::name).toList();

  private Names() {}

  static ControlName[] all() {
    return ALL.toArray(ControlName[]::new);
  }
}
