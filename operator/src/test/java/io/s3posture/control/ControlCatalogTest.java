package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import io.s3posture.aws.PublicAccessBlock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ControlCatalogTest {

  private final ControlCatalog catalog = ControlCatalog.standard();

  private static List<ControlName> names(List<ManagedControl<?, ?>> managed) {
    return managed.stream().map(ManagedControl::name).toList();
  }

  @Test
  void managesOnlyTheNamedControlsInRemediationOrder() {
    ControlsSpec spec =
        controls()
            .websiteDisabled(on())
            .versioning(ControlsSpecBuilder.versioningEnabled())
            .noPublicAcl(on())
            .objectLock(new ObjectLockSpec(null, null))
            .build();

    assertThat(names(catalog.managedBy(spec, Mode.Enforce)))
        .containsExactly(
            ControlName.NO_PUBLIC_ACL,
            ControlName.VERSIONING,
            ControlName.OBJECT_LOCK,
            ControlName.WEBSITE_DISABLED);
  }

  @Test
  void nothingNamedNothingManaged() {
    assertThat(catalog.managedBy(controls().build(), Mode.Enforce)).isEmpty();
  }

  @Test
  void aControlsOwnModeOverridesThePolicyMode() {
    ControlsSpec spec =
        controls()
            .encryption(new EncryptionSpec(null, null, null, null, Mode.Audit))
            .versioning(new VersioningSpec(null, null, null))
            .tlsOnly(on(Mode.Enforce))
            .build();

    List<ManagedControl<?, ?>> enforced = catalog.managedBy(spec, Mode.Enforce);
    List<ManagedControl<?, ?>> audited = catalog.managedBy(spec, Mode.Audit);

    assertThat(enforced)
        .extracting(ManagedControl::name, ManagedControl::mode)
        .containsExactly(
            tuple(ControlName.ENCRYPTION, Mode.Audit),
            tuple(ControlName.VERSIONING, Mode.Enforce),
            tuple(ControlName.TLS_ONLY, Mode.Enforce));
    assertThat(audited)
        .extracting(ManagedControl::name, ManagedControl::mode)
        .containsExactly(
            tuple(ControlName.ENCRYPTION, Mode.Audit),
            tuple(ControlName.VERSIONING, Mode.Audit),
            tuple(ControlName.TLS_ONLY, Mode.Enforce));
  }

  @Test
  void theManagedControlCarriesWhatThePolicyRequires() {
    ControlsSpec spec =
        controls()
            .publicAccessBlock(new PublicAccessBlockSpec(true, false, null, true, null))
            .build();

    assertThat(catalog.managedBy(spec, Mode.Enforce))
        .singleElement()
        .satisfies(
            managed ->
                assertThat(managed.desired())
                    .isEqualTo(new PublicAccessBlock(true, false, false, true)));
  }

  /** Each control, named alone, is the only one managed: its desired() reads its own field. */
  @ParameterizedTest
  @EnumSource(ControlName.class)
  void eachControlReadsItsOwnField(ControlName name) {
    ControlsSpec spec = alone(name);

    assertThat(names(catalog.managedBy(spec, Mode.Enforce))).containsExactly(name);
  }

  private static ControlsSpec alone(ControlName name) {
    Function<ControlsSpecBuilder, ControlsSpecBuilder> set =
        switch (name) {
          case NO_PUBLIC_ACL -> b -> b.noPublicAcl(on());
          case ACLS_DISABLED -> b -> b.aclsDisabled(on());
          case PUBLIC_ACCESS_BLOCK -> b -> b.publicAccessBlock(ControlsSpecBuilder.allFlags());
          case ENCRYPTION -> b -> b.encryption(ControlsSpecBuilder.sseS3());
          case VERSIONING -> b -> b.versioning(ControlsSpecBuilder.versioningEnabled());
          case OBJECT_LOCK -> b -> b.objectLock(new ObjectLockSpec(null, null));
          case REPLICATION ->
              b ->
                  b.replication(
                      new ReplicationSpec("arn:aws:iam::111122223333:role/r", List.of(), null));
          case TLS_ONLY -> b -> b.tlsOnly(on());
          case NO_PUBLIC_POLICY -> b -> b.noPublicPolicy(on());
          case ACCESS_LOGGING -> b -> b.accessLogging(new AccessLoggingSpec("l", "", null));
          case WEBSITE_DISABLED -> b -> b.websiteDisabled(on());
        };
    return set.apply(controls()).build();
  }

  @Test
  void compatibilityIsDecidedByTheControl() {
    ManagedControl<?, ?> pab =
        catalog
            .managedBy(
                controls().publicAccessBlock(ControlsSpecBuilder.allFlags()).build(), Mode.Enforce)
            .get(0);
    ManagedControl<?, ?> encryption =
        catalog
            .managedBy(controls().encryption(ControlsSpecBuilder.sseS3()).build(), Mode.Enforce)
            .get(0);

    assertThat(pab.compatibleWith(PublicAccessBlock.NONE)).as("flags only turn on").isTrue();
    assertThat(encryption.compatibleWith(encryption.desired())).isTrue();
    assertThat(
            encryption.compatibleWith(
                EncryptionRequirement.of(
                    new EncryptionSpec(
                        EncryptionAlgorithm.SSE_KMS,
                        "arn:aws:kms:us-east-1:111122223333:key/k",
                        null,
                        null,
                        null))))
        .isFalse();
  }
}
