package io.s3posture.cli;

import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The posture used without --policy: what s3audit checks (Block Public Access, public ACLs and
 * policies, default encryption, versioning and MFA delete, website hosting, access logging) plus
 * TLS-only, object lock, replication, ACLs disabled and the account-level Block Public Access.
 * Where a policy can say it, the baseline is a policy's controls; the rest are {@link
 * BaselineControl}s.
 */
public final class RecommendedBaseline {

  public static final String NAME = "recommended baseline";

  /** The part of the baseline a BucketPolicy can express. */
  static final ControlsSpec CONTROLS =
      new ControlsSpec(
          new PublicAccessBlockSpec(true, true, true, true, null),
          null,
          new VersioningSpec(
              VersioningSpec.Status.Enabled, VersioningSpec.MfaDelete.Required, null),
          new ObjectLockSpec(null, null),
          null,
          new BasicControlSpec(null),
          new BasicControlSpec(null),
          new BasicControlSpec(null),
          new BasicControlSpec(null),
          new BasicControlSpec(null),
          null);

  private RecommendedBaseline() {}

  public static Posture posture(ControlCatalog catalog) {
    return posture(catalog, Optional.empty());
  }

  /**
   * @param owner the account that owns the buckets: a default-encryption KMS key of another account
   *     fails the encryption check
   */
  public static Posture posture(ControlCatalog catalog, Optional<String> owner) {
    List<ManagedControl<BucketSubject, ?, ?>> controls =
        new ArrayList<>(catalog.managedBy(CONTROLS, Mode.Audit));
    controls.add(BaselineControl.encryptionAtLeastSseS3(owner));
    controls.add(BaselineControl.replicationConfigured());
    controls.add(BaselineControl.loggingEnabled());
    return new Posture(NAME, controls, Optional.of(PublicAccessBlock.ALL), FailOn.MEDIUM);
  }
}
