package io.s3posture.cli;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.CloudTrailDataEventsSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.DetectionCheckSpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.api.v1alpha1.LifecycleRetentionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.NoExternalAccessSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.TlsOnlySpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.control.AccessLoggingControl;
import io.s3posture.control.AccountSubject;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.EncryptionControl;
import io.s3posture.control.LifecycleRetentionControl;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.ReplicationControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The posture used without --policy. Which controls it checks is declared by the controls
 * themselves ({@link io.s3posture.control.AuditInfo#inBaseline()}); this class only says what the
 * baseline requires of each: where a policy can say it, a policy's controls; where the baseline
 * asks only for "some" (any logging target, any replication rule, any S3 algorithm), a {@link
 * BaselineControl}. A control in the baseline without a requirement here, or a requirement for a
 * control left out, fails at start-up (and in AuditBaselineTest).
 */
public final class RecommendedBaseline {

  public static final String NAME = "recommended baseline";

  /** The part of the baseline a BucketPolicy can express, without an owner account known. */
  static final ControlsSpec CONTROLS = controls(Optional.empty());

  /**
   * The part of the baseline a BucketPolicy can express. {@code owner}: the account that owns the
   * buckets, the only one noExternalAccess allows (unknown: every account's principal is reported).
   */
  static ControlsSpec controls(Optional<String> owner) {
    return ControlsSpec.builder()
        .publicAccessBlock(new PublicAccessBlockSpec(true, true, true, true, null))
        .versioning(
            new VersioningSpec(
                VersioningSpec.Status.Enabled, VersioningSpec.MfaDelete.Required, null))
        .objectLock(new ObjectLockSpec(null, null))
        .tlsOnly(new TlsOnlySpec(null))
        .aclsDisabled(new BasicControlSpec(null))
        .noPublicAcl(new BasicControlSpec(null))
        .noPublicPolicy(new BasicControlSpec(null))
        .websiteDisabled(new BasicControlSpec(null))
        .blockSseC(new BasicControlSpec(null))
        .noExternalAccess(
            new NoExternalAccessSpec(owner.map(List::of).orElse(List.of()), List.of(), null))
        .lifecycleRetention(
            new LifecycleRetentionSpec(
                LifecycleRetentionControl.DEFAULT_DAYS,
                LifecycleRetentionControl.DEFAULT_DAYS,
                null,
                null))
        .build();
  }

  /** The part of the baseline an AccountPolicy can express. */
  static final AccountPolicySpec ACCOUNT =
      new AccountPolicySpec(
          null,
          null,
          null,
          new PublicAccessBlockSpec(true, true, true, true, null),
          new DetectionSpec(
              new CloudTrailDataEventsSpec(null, null),
              new DetectionCheckSpec(),
              new DetectionCheckSpec(),
              new DetectionCheckSpec()),
          new BasicControlSpec(null));

  private RecommendedBaseline() {}

  public static Posture posture(ControlCatalog catalog) {
    return posture(catalog, Optional.empty());
  }

  /**
   * @param owner the account that owns the buckets: a default-encryption KMS key of another account
   *     fails the encryption check
   */
  public static Posture posture(ControlCatalog catalog, Optional<String> owner) {
    Map<ControlName, ManagedControl<BucketSubject, ?, ?>> bucket = new LinkedHashMap<>();
    catalog.managedBy(controls(owner), Mode.Audit).forEach(m -> bucket.put(m.name(), m));
    bucket.put(EncryptionControl.INFO.name(), BaselineControl.encryptionAtLeastSseS3(owner));
    bucket.put(ReplicationControl.INFO.name(), BaselineControl.replicationConfigured());
    bucket.put(AccessLoggingControl.INFO.name(), BaselineControl.loggingEnabled());
    Map<ControlName, ManagedControl<AccountSubject, ?, ?>> account = new LinkedHashMap<>();
    catalog.managedBy(ACCOUNT, Mode.Audit).forEach(m -> account.put(m.name(), m));
    return new Posture(
        NAME,
        members(catalog.bucketControls(), bucket),
        members(catalog.accountControls(), account),
        FailOn.MEDIUM);
  }

  /** The requirement of every registered control that declares itself part of the baseline. */
  private static <S> List<ManagedControl<S, ?, ?>> members(
      List<? extends Control<S, ?, ?>> registered,
      Map<ControlName, ManagedControl<S, ?, ?>> requirements) {
    List<ManagedControl<S, ?, ?>> members = new ArrayList<>();
    for (Control<S, ?, ?> control : registered) {
      ManagedControl<S, ?, ?> requirement = requirements.get(control.name());
      boolean inBaseline = control.info().audit().inBaseline();
      if (inBaseline && requirement == null) {
        throw new IllegalStateException(
            control.name()
                + " declares itself part of the recommended baseline, which requires nothing of"
                + " it: add its requirement to RecommendedBaseline or leave it out in its AuditInfo");
      }
      if (!inBaseline && requirement != null) {
        throw new IllegalStateException(
            control.name()
                + " is left out of the recommended baseline ("
                + control.info().audit().notInBaseline().orElseThrow()
                + "), yet RecommendedBaseline requires something of it");
      }
      if (inBaseline) {
        members.add(requirement);
      }
    }
    return members;
  }
}
