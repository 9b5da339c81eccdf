package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.generator.annotation.ValidationRule;
import io.s3posture.api.v1alpha1.AccessLoggingSpec;
import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.CloudTrailDataEventsSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
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
import io.s3posture.aws.PublicAccessBlock;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A control is one registration: its class declares its name, what it depends on and runs after,
 * and the catalog derives the order. These tests fail when the spec record, the catalog and the
 * CRD's rules disagree, so adding a control cannot forget one of them.
 */
class ControlCatalogTest {

  private final ControlCatalog catalog = ControlCatalog.standard();

  /** One valid settings object per settings type of spec.controls. */
  private static final Map<Class<?>, Object> SAMPLES =
      Map.ofEntries(
          Map.entry(BasicControlSpec.class, new BasicControlSpec(null)),
          Map.entry(PublicAccessBlockSpec.class, ControlsSpecBuilder.allFlags()),
          Map.entry(EncryptionSpec.class, ControlsSpecBuilder.sseS3()),
          Map.entry(VersioningSpec.class, ControlsSpecBuilder.versioningEnabled()),
          Map.entry(ObjectLockSpec.class, new ObjectLockSpec(null, null)),
          Map.entry(
              ReplicationSpec.class,
              new ReplicationSpec("arn:aws:iam::111122223333:role/r", List.of(), null)),
          Map.entry(AccessLoggingSpec.class, new AccessLoggingSpec("l", "", null)),
          Map.entry(TlsOnlySpec.class, new TlsOnlySpec(null)),
          Map.entry(
              VpcEndpointOnlySpec.class,
              new VpcEndpointOnlySpec(List.of("vpce-1a2b3c4d"), List.of(), null)),
          Map.entry(
              NoExternalAccessSpec.class, new NoExternalAccessSpec(List.of(), List.of(), null)),
          Map.entry(LifecycleRetentionSpec.class, new LifecycleRetentionSpec(7, 7, null, null)));

  /** The controls a field needs beside it (the CRD's CEL rules require them too). */
  private static final Map<String, String> NEEDS = Map.of("denyUnapprovedKmsKeys", "encryption");

  static Stream<RecordComponent> specFields() {
    return Arrays.stream(ControlsSpec.class.getRecordComponents());
  }

  /** spec.controls with only {@code field} set. */
  private static ControlsSpec alone(RecordComponent field) {
    Object[] values = new Object[ControlsSpec.class.getRecordComponents().length];
    RecordComponent[] components = ControlsSpec.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(field.getName())
          || components[i].getName().equals(NEEDS.get(field.getName()))) {
        values[i] = SAMPLES.get(components[i].getType());
        assertThat(values[i])
            .as("a sample %s for %s in this test", field.getType().getSimpleName(), field.getName())
            .isNotNull();
      }
    }
    try {
      return (ControlsSpec)
          ControlsSpec.class
              .getDeclaredConstructor(
                  Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
              .newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "spec.controls.{0}")
  @MethodSource("specFields")
  void everyFieldOfSpecControlsIsOneRegisteredControlOfThatName(RecordComponent field) {
    assertThat(catalog.managedBy(alone(field), Mode.Enforce))
        .extracting(m -> m.name().specName())
        .containsExactlyInAnyOrderElementsOf(
            NEEDS.containsKey(field.getName())
                ? List.of(field.getName(), NEEDS.get(field.getName()))
                : List.of(field.getName()));
  }

  @Test
  void everyRegisteredControlIsAFieldOfSpecControls() {
    assertThat(Names.ALL)
        .extracting(ControlName::specName)
        .containsExactlyInAnyOrderElementsOf(specFields().map(RecordComponent::getName).toList());
  }

  @Test
  void theCrdRuleThatAsksForAControlNamesEveryControl() {
    String rule =
        Arrays.stream(ControlsSpec.class.getAnnotationsByType(ValidationRule.class))
            .filter(r -> r.message().contains("at least one control"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(Names.ALL)
        .allSatisfy(name -> assertThat(rule).contains("has(self." + name.specName() + ")"));
  }

  /** Every field of spec.detection, and spec.publicAccessBlock, of an AccountPolicy. */
  static Stream<String> accountFields() {
    return Stream.concat(
        Stream.of("publicAccessBlock", "noPublicAccessPoints"),
        Arrays.stream(DetectionSpec.class.getRecordComponents()).map(RecordComponent::getName));
  }

  @Test
  void everyAccountControlIsAFieldOfAnAccountPolicy() {
    assertThat(catalog.accountControls())
        .extracting(c -> c.name().specName())
        .containsExactlyInAnyOrderElementsOf(accountFields().toList());
  }

  @ParameterizedTest(name = "spec.detection.{0}")
  @MethodSource("detectionFields")
  void everyDetectionFieldIsOneAccountControlThatOnlyAudits(RecordComponent field)
      throws ReflectiveOperationException {
    RecordComponent[] components = DetectionSpec.class.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(field.getName())) {
        values[i] =
            components[i].getType().getDeclaredConstructors()[0].getParameterCount() == 0
                ? components[i].getType().getDeclaredConstructor().newInstance()
                : new CloudTrailDataEventsSpec(null, null);
      }
    }
    DetectionSpec detection =
        (DetectionSpec)
            DetectionSpec.class
                .getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
                .newInstance(values);
    AccountPolicySpec spec = new AccountPolicySpec(null, Mode.Enforce, null, null, detection);

    assertThat(catalog.managedBy(spec, Mode.Enforce))
        .singleElement()
        .satisfies(
            managed -> {
              assertThat(managed.name().specName()).isEqualTo(field.getName());
              assertThat(managed.mode()).as("never written").isEqualTo(Mode.Audit);
            });
  }

  static Stream<RecordComponent> detectionFields() {
    return Arrays.stream(DetectionSpec.class.getRecordComponents());
  }

  @Test
  void theCrdRulesThatAskForAnAccountCheckNameEveryAccountControl() {
    String account =
        Arrays.stream(AccountPolicySpec.class.getAnnotationsByType(ValidationRule.class))
            .map(ValidationRule::value)
            .filter(rule -> rule.contains("has(self.detection)"))
            .findFirst()
            .orElseThrow();
    String detection =
        Arrays.stream(DetectionSpec.class.getAnnotationsByType(ValidationRule.class))
            .filter(r -> r.message().contains("at least one check"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(account)
        .contains("has(self.publicAccessBlock)")
        .contains("has(self.noPublicAccessPoints)");
    detectionFields().forEach(f -> assertThat(detection).contains("has(self." + f.getName() + ")"));
  }

  @Test
  void everyDependencyAndPredecessorRunsFirst() {
    List<ControlName> order = Names.ALL;
    for (BucketControl<?, ?> control : catalog.bucketControls()) {
      for (ControlName first :
          Stream.concat(control.info().dependsOn().stream(), control.info().runsAfter().stream())
              .toList()) {
        assertThat(order.indexOf(first))
            .as("%s runs before %s", first, control.name())
            .isLessThan(order.indexOf(control.name()));
      }
    }
  }

  @Test
  void awsOrderingRulesAreDeclaredByTheControls() {
    assertThat(ObjectLockControl.INFO.dependsOn()).containsExactly(Names.VERSIONING);
    assertThat(ReplicationControl.INFO.dependsOn()).containsExactly(Names.VERSIONING);
    assertThat(AclsDisabledControl.INFO.runsAfter()).containsExactly(Names.NO_PUBLIC_ACL);
  }

  @Test
  void aCycleOrAnUnknownPredecessorFailsAtStartUp() {
    BucketControl<?, ?> a = renamed(new WebsiteDisabledControl(), "a", Set.of(ControlName.of("b")));
    BucketControl<?, ?> b = renamed(new WebsiteDisabledControl(), "b", Set.of(ControlName.of("a")));
    BucketControl<?, ?> orphan =
        renamed(new WebsiteDisabledControl(), "c", Set.of(ControlName.of("nowhere")));

    assertThatThrownBy(() -> new ControlCatalog(List.of(a, b), List.of()))
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> new ControlCatalog(List.of(orphan), List.of()))
        .hasMessageContaining("nowhere, which is not registered");
  }

  @Test
  void managesOnlyTheNamedControlsInRunOrder() {
    ControlsSpec spec =
        controls()
            .websiteDisabled(on())
            .versioning(ControlsSpecBuilder.versioningEnabled())
            .noPublicAcl(on())
            .objectLock(new ObjectLockSpec(null, null))
            .build();

    assertThat(catalog.managedBy(spec, Mode.Enforce))
        .extracting(ManagedControl::name)
        .containsExactly(
            Names.NO_PUBLIC_ACL, Names.VERSIONING, Names.OBJECT_LOCK, Names.WEBSITE_DISABLED);
  }

  @Test
  void aControlsOwnModeOverridesThePolicyMode() {
    ControlsSpec spec =
        controls()
            .encryption(new EncryptionSpec(null, null, null, null, Mode.Audit))
            .versioning(new VersioningSpec(null, null, null))
            .tlsOnly(ControlsSpecBuilder.tls(Mode.Enforce))
            .build();

    assertThat(catalog.managedBy(spec, Mode.Audit))
        .extracting(ManagedControl::name, ManagedControl::mode)
        .containsExactly(
            tuple(Names.ENCRYPTION, Mode.Audit),
            tuple(Names.VERSIONING, Mode.Audit),
            tuple(Names.TLS_ONLY, Mode.Enforce));
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

  @Test
  void changeEventsMapToTheControlsTheyCanChangeAndTheirDependents() {
    assertThat(catalog.bucketControlsChangedBy("PutBucketEncryption"))
        .containsExactly(Names.ENCRYPTION, Names.BLOCK_SSE_C);
    assertThat(catalog.bucketControlsChangedBy("PutBucketPolicy"))
        .containsExactly(
            Names.TLS_ONLY,
            Names.DENY_UNAPPROVED_KMS_KEYS,
            Names.VPC_ENDPOINT_ONLY,
            Names.NO_PUBLIC_POLICY,
            Names.NO_EXTERNAL_ACCESS);
    assertThat(catalog.bucketControlsChangedBy("PutBucketVersioning"))
        .containsExactly(Names.VERSIONING, Names.OBJECT_LOCK, Names.REPLICATION);
    assertThat(catalog.bucketControlsChangedBy("PutBucketAcl"))
        .containsExactly(Names.NO_PUBLIC_ACL, Names.ACLS_DISABLED, Names.NO_EXTERNAL_ACCESS);
    assertThat(catalog.bucketControlsChangedBy("GetObject")).isEmpty();
  }

  /** A control under another name and predecessors, for ordering tests. */
  private static BucketControl<?, ?> renamed(
      WebsiteDisabledControl control, String name, Set<ControlName> after) {
    return new BucketControl<Boolean, Boolean>() {
      public ControlInfo info() {
        return new ControlInfo(ControlName.of(name), Set.of(), after, Set.of());
      }

      public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
        return Optional.empty();
      }

      public Boolean observe(BucketSubject subject) {
        return control.observe(subject);
      }

      public Drift diff(Boolean desired, Boolean observed) {
        return control.diff(desired, observed);
      }

      public List<Write<BucketSubject>> plan(
          BucketSubject subject, Boolean desired, Boolean observed) {
        return control.plan(subject, desired, observed);
      }
    };
  }
}
