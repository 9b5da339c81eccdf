package io.s3posture.cli;

import io.s3posture.control.ControlCatalog;

/** The audit checks the registered controls declare, by id, for tests. */
final class Checks {

  private static final ControlCatalog CATALOG = ControlCatalog.standard();

  static final AuditCheck ACCOUNT_PUBLIC_ACCESS_BLOCK = byId("accountPublicAccessBlock");
  static final AuditCheck NO_PUBLIC_ACL = byId("noPublicAcl");
  static final AuditCheck ACLS_DISABLED = byId("aclsDisabled");
  static final AuditCheck PUBLIC_ACCESS_BLOCK = byId("publicAccessBlock");
  static final AuditCheck ENCRYPTION = byId("encryption");
  static final AuditCheck VERSIONING = byId("versioning");
  static final AuditCheck MFA_DELETE = byId("mfaDelete");
  static final AuditCheck OBJECT_LOCK = byId("objectLock");
  static final AuditCheck REPLICATION = byId("replication");
  static final AuditCheck TLS_ONLY = byId("tlsOnly");
  static final AuditCheck NO_PUBLIC_POLICY = byId("noPublicPolicy");
  static final AuditCheck ACCESS_LOGGING = byId("accessLogging");
  static final AuditCheck WEBSITE_DISABLED = byId("websiteDisabled");

  private Checks() {}

  /** The constant of this class called {@code name}, e.g. MFA_DELETE (for CSV tables). */
  static AuditCheck named(String name) {
    try {
      return (AuditCheck) Checks.class.getDeclaredField(name).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no check constant " + name, e);
    }
  }

  static AuditCheck byId(String id) {
    return AuditCheck.byId(CATALOG, id);
  }
}
