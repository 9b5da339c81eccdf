package io.s3posture.install;

import static io.s3posture.install.Access.allowed;
import static io.s3posture.install.Access.denied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The chart's default (cluster-wide) RBAC is enough and no more: the real operator, acting as the
 * chart's ServiceAccount (impersonated: user and groups) against an API server with RBAC on,
 * reconciles a BucketPolicy end to end, and everything it does not need is denied.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacIT {

  /** The field manager of whoever applies policies (a person, Argo CD). */
  private static final String APPLIER = "gitops-applier";

  private TestStack stack;
  private String namespace;
  private OperatorAsServiceAccount running;
  private KubernetesClient asOperator;

  @BeforeAll
  void installChartRbacAndStartOperator(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("rbac");
    this.running = OperatorAsServiceAccount.start(stack, namespace, "", Set.of(namespace));
    this.asOperator = running.client();
  }

  @AfterAll
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void theChartRendersClusterWideRbacByDefault() {
    assertThat(running.serviceAccount().operatorRbac())
        .extracting(item -> item.getKind())
        .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding");
  }

  @Test
  void reconcilesEndToEndAsTheServiceAccountAndNeverWritesSpec() {
    String bucket = TestStack.uniqueBucketName("rbac");
    stack.s3().createBucket(r -> r.bucket(bucket));
    String manifest =
        Policies.manifest(
            namespace,
            "versioned",
            """
            mode: Enforce
            buckets:
              names: [%s]
            controls:
              versioning: {}
            """
                .formatted(bucket));
    BucketPolicy applied = apply(manifest);
    Policies policies = new Policies(stack.kubernetes(), running.operator());

    BucketPolicy checked =
        policies.awaitStatus(applied, p -> p.getStatus().buckets().compliant() == 1);

    assertThat(checked.getStatus().buckets().corrected()).isEqualTo(1);
    assertThat(checked.getStatus().conditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactlyInAnyOrder("Ready=True", "Synced=True");
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    List<Event> events =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                () ->
                    stack
                        .kubernetes()
                        .v1()
                        .events()
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .stream()
                        .filter(e -> "versioned".equals(e.getInvolvedObject().getName()))
                        .toList(),
                found -> !found.isEmpty());
    assertThat(events).extracting(Event::getReason).contains("DriftCorrected");

    // what Argo CD relies on: the controller wrote status only; spec is the applier's alone
    assertThat(checked.getMetadata().getGeneration()).isEqualTo(1L);
    List<ManagedFieldsEntry> managers = checked.getMetadata().getManagedFields();
    assertThat(managers)
        .filteredOn(m -> !"status".equals(m.getSubresource()))
        .allSatisfy(
            m -> {
              assertThat(m.getManager()).isEqualTo(APPLIER);
              assertThat(m.getOperation()).isEqualTo("Apply");
            });
    assertThat(managers)
        .filteredOn(m -> "status".equals(m.getSubresource()))
        .isNotEmpty()
        .allSatisfy(
            m -> assertThat(m.getFieldsV1().getAdditionalProperties()).containsKey("f:status"));
  }

  Stream<Access> accessTable() {
    return Stream.of(
        // what the operator needs
        allowed("list", "s3posture.io/bucketpolicies", "NS"),
        allowed("watch", "s3posture.io/bucketpolicies", ""),
        allowed("get", "s3posture.io/bucketpolicies", "NS"),
        allowed("patch", "s3posture.io/bucketpolicies/status", "NS"),
        allowed("update", "s3posture.io/bucketpolicies/status", "NS"),
        allowed("list", "s3posture.io/accountpolicies", ""),
        allowed("patch", "s3posture.io/accountpolicies/status", ""),
        allowed("create", "events", "NS"),
        allowed("create", "events", "default"),
        // plan ConfigMaps are written, never read
        allowed("patch", "configmaps", "NS"),
        allowed("create", "configmaps", "NS"),
        allowed("delete", "configmaps", "NS"),
        denied("get", "configmaps", "NS"),
        // never the spec, never its own kinds' lifecycle
        denied("create", "s3posture.io/bucketpolicies", "NS"),
        denied("update", "s3posture.io/bucketpolicies", "NS"),
        denied("patch", "s3posture.io/bucketpolicies", "NS"),
        denied("delete", "s3posture.io/bucketpolicies", "NS"),
        denied("deletecollection", "s3posture.io/bucketpolicies", "NS"),
        denied("update", "s3posture.io/accountpolicies", ""),
        denied("delete", "s3posture.io/accountpolicies", ""),
        // nothing else of the cluster
        denied("get", "secrets", "NS"),
        denied("create", "secrets", "NS"),
        denied("list", "pods", ""),
        denied("list", "configmaps", "NS"),
        denied("watch", "configmaps", "NS"),
        denied("delete", "events", "NS"),
        denied("create", "coordination.k8s.io/leases", "NS"),
        denied("get", "apiextensions.k8s.io/customresourcedefinitions", ""),
        denied("create", "rbac.authorization.k8s.io/clusterrolebindings", ""),
        denied("impersonate", "users", ""),
        denied("create", "serviceaccounts/token", "NS"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accessTable")
  void grantsWhatTheOperatorNeedsAndNothingElse(Access access) {
    running.assertAccess(access, Map.of("NS", namespace));
  }

  @Test
  void callsItDoesNotNeedAreForbidden() {
    BucketPolicy policy =
        apply(
            Policies.manifest(
                namespace,
                "untouchable",
                "mode: Audit\nbuckets:\n  names: [nobody-owns-this-bucket]\ncontrols:\n  versioning: {}"));
    var asOperatorPolicy =
        asOperator.resources(BucketPolicy.class).inNamespace(namespace).withName("untouchable");

    assertForbidden(
        () ->
            asOperator
                .secrets()
                .inNamespace(namespace)
                .resource(
                    new SecretBuilder().withNewMetadata().withName("stolen").endMetadata().build())
                .create());
    assertForbidden(() -> asOperator.pods().inAnyNamespace().list());
    assertForbidden(() -> asOperatorPolicy.delete());
    assertForbidden(
        () ->
            asOperatorPolicy.patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\": \"replace\", \"path\": \"/spec/mode\", \"value\": \"Audit\"}]"));
    assertForbidden(() -> asOperator.resource(asOperatorPolicy.get()).update());
    assertThat(stack.kubernetes().resource(policy).get()).isNotNull();
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(403);
  }

  private BucketPolicy apply(String manifest) {
    return new PolicyApplier(stack.kubernetes(), APPLIER).apply(manifest);
  }
}
