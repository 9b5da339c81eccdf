package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.ControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.api.v1alpha1.VersioningSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The enum order is the order the engine remediates in. */
class ControlNameTest {

  static Stream<Control<?, ?>> controls() {
    return ControlCatalog.standard().all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controls")
  void everyDependencyComesFirst(Control<?, ?> control) {
    assertThat(control.dependsOn())
        .allSatisfy(
            dependency ->
                assertThat(dependency)
                    .as("%s depends on %s", control.name(), dependency)
                    .isLessThan(control.name()));
  }

  @Test
  void objectLockAndReplicationDependOnVersioning() {
    assertThat(
            controls()
                .filter(c -> !c.dependsOn().isEmpty())
                .collect(Collectors.toMap(Control::name, Control::dependsOn)))
        .containsOnly(
            Map.entry(ControlName.OBJECT_LOCK, Set.of(ControlName.VERSIONING)),
            Map.entry(ControlName.REPLICATION, Set.of(ControlName.VERSIONING)));
  }

  /** The order of remediation on AWS (docs: ACL before ownership ... website last). */
  @ParameterizedTest(name = "{0} before {1}")
  @CsvSource({
    "NO_PUBLIC_ACL, ACLS_DISABLED",
    "ACLS_DISABLED, PUBLIC_ACCESS_BLOCK",
    "PUBLIC_ACCESS_BLOCK, ENCRYPTION",
    "ENCRYPTION, VERSIONING",
    "VERSIONING, OBJECT_LOCK",
    "VERSIONING, REPLICATION",
    "OBJECT_LOCK, REPLICATION",
    "REPLICATION, TLS_ONLY",
    "REPLICATION, NO_PUBLIC_POLICY",
    "TLS_ONLY, ACCESS_LOGGING",
    "NO_PUBLIC_POLICY, ACCESS_LOGGING",
    "ACCESS_LOGGING, WEBSITE_DISABLED",
  })
  void awsRemediationOrder(ControlName first, ControlName then) {
    assertThat(first).isLessThan(then);
  }

  @Test
  void theCatalogHasOneControlPerNameInEnumOrder() {
    assertThat(controls().map(Control::name)).containsExactly(ControlName.values());
  }

  @ParameterizedTest
  @EnumSource(ControlName.class)
  void specNamesRoundTrip(ControlName name) {
    assertThat(ControlName.fromSpecName(name.specName())).contains(name);
    assertThat(name.toString()).isEqualTo(name.specName());
  }

  @Test
  void specNamesAreTheControlsSpecFieldNames() {
    List<String> fields =
        Arrays.stream(ControlsSpec.class.getRecordComponents()).map(c -> c.getName()).toList();

    assertThat(Arrays.stream(ControlName.values()).map(ControlName::specName))
        .containsExactlyInAnyOrderElementsOf(fields);
    assertThat(ControlName.fromSpecName("encryptionn")).isEmpty();
  }

  @Test
  void settingsInReturnsEachControlsOwnSettings() {
    PublicAccessBlockSpec pab = new PublicAccessBlockSpec(true, true, true, true, null);
    EncryptionSpec encryption = new EncryptionSpec(null, null, null, null, null);
    VersioningSpec versioning = new VersioningSpec(null, null, null);
    ObjectLockSpec objectLock = new ObjectLockSpec(null, null);
    ReplicationSpec replication = new ReplicationSpec("r", List.of(), null);
    BasicControlSpec tlsOnly = new BasicControlSpec(null);
    BasicControlSpec aclsDisabled = new BasicControlSpec(null);
    BasicControlSpec noPublicAcl = new BasicControlSpec(null);
    BasicControlSpec noPublicPolicy = new BasicControlSpec(null);
    BasicControlSpec websiteDisabled = new BasicControlSpec(null);
    AccessLoggingSpec logging = new AccessLoggingSpec("logs", "", null);
    ControlsSpec spec =
        new ControlsSpec(
            pab,
            encryption,
            versioning,
            objectLock,
            replication,
            tlsOnly,
            aclsDisabled,
            noPublicAcl,
            noPublicPolicy,
            websiteDisabled,
            logging);

    assertThat(settings(spec))
        .containsExactly(
            noPublicAcl,
            aclsDisabled,
            pab,
            encryption,
            versioning,
            objectLock,
            replication,
            tlsOnly,
            noPublicPolicy,
            logging,
            websiteDisabled);
    assertThat(ControlName.ENCRYPTION.settingsIn(null)).isNull();
  }

  private static List<ControlSpec> settings(ControlsSpec spec) {
    // identity matters: several controls have equal (empty) settings
    return Arrays.stream(ControlName.values()).map(n -> n.settingsIn(spec)).toList();
  }
}
