package io.s3posture.install;

import static io.s3posture.install.Access.allowed;
import static io.s3posture.install.Access.denied;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's namespaced install ({@code watchNamespaces}, two replicas): Roles in the watched
 * namespaces, cluster access only to AccountPolicies, a Lease Role in the release namespace. The
 * operator, impersonating the ServiceAccount, reconciles in a watched namespace; nothing outside
 * those namespaces is granted.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespacedRbacIT {

  private TestStack stack;
  private Map<String, String> namespaces;
  private OperatorAsServiceAccount running;

  @BeforeAll
  void installChartRbacAndStartOperator(TestStack stack) {
    this.stack = stack;
    String release = stack.createNamespace("rbac-ns");
    String first = stack.createNamespace("watched");
    String second = stack.createNamespace("watched");
    String unwatched = stack.createNamespace("unwatched");
    this.namespaces = Map.of("REL", release, "W1", first, "W2", second, "OTHER", unwatched);
    this.running =
        OperatorAsServiceAccount.start(
            stack,
            release,
            "replicaCount: 2\nwatchNamespaces: [%s, %s]\n".formatted(first, second),
            Set.of(first, second));
  }

  @AfterAll
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void onlyAccountPolicyAccessIsClusterWide() {
    assertThat(
            running.serviceAccount().operatorRbac().stream()
                .filter(item -> item.getKind().startsWith("Cluster"))
                .map(HasMetadata::getKind)
                .toList())
        .containsExactlyInAnyOrder("ClusterRole", "ClusterRoleBinding");
    assertThat(
            running.serviceAccount().applied().stream()
                .filter(item -> item.getKind().equals("Role"))
                .map(item -> item.getMetadata().getNamespace())
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            namespaces.get("W1"), namespaces.get("W2"), namespaces.get("REL"), "default");
  }

  @Test
  void reconcilesInAWatchedNamespace() {
    String bucket = TestStack.uniqueBucketName("rbac-ns");
    stack.s3().createBucket(r -> r.bucket(bucket));
    Policies policies = new Policies(stack.kubernetes(), running.operator());
    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                namespaces.get("W2"),
                "versioned",
                "buckets:\n  names: [%s]\ncontrols:\n  versioning: {}\n".formatted(bucket)));

    BucketPolicy checked =
        policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);

    assertThat(checked.getStatus().buckets().corrected()).isEqualTo(1);
  }

  Stream<Access> accessTable() {
    return Stream.of(
        allowed("list", "s3posture.io/bucketpolicies", "W1"),
        allowed("watch", "s3posture.io/bucketpolicies", "W2"),
        allowed("patch", "s3posture.io/bucketpolicies/status", "W2"),
        allowed("create", "events", "W1"),
        allowed("create", "events", "default"),
        allowed("patch", "configmaps", "W2"),
        allowed("list", "s3posture.io/accountpolicies", ""),
        allowed("patch", "s3posture.io/accountpolicies/status", ""),
        allowed("create", "coordination.k8s.io/leases", "REL"),
        allowed("get", "coordination.k8s.io/leases", "REL").named("s3-posture-operator"),
        allowed("update", "coordination.k8s.io/leases", "REL").named("s3-posture-operator"),
        allowed("patch", "coordination.k8s.io/leases", "REL").named("s3-posture-operator"),
        denied("list", "s3posture.io/bucketpolicies", ""),
        denied("list", "s3posture.io/bucketpolicies", "OTHER"),
        denied("list", "s3posture.io/bucketpolicies", "REL"),
        denied("patch", "s3posture.io/bucketpolicies/status", "OTHER"),
        denied("patch", "s3posture.io/bucketpolicies", "W1"),
        denied("create", "events", "OTHER"),
        denied("create", "events", "REL"),
        denied("patch", "configmaps", "OTHER"),
        denied("list", "configmaps", "W1"),
        denied("get", "coordination.k8s.io/leases", "REL").named("someone-elses-lease"),
        denied("patch", "coordination.k8s.io/leases", "REL").named("someone-elses-lease"),
        denied("delete", "coordination.k8s.io/leases", "REL").named("s3-posture-operator"),
        denied("create", "coordination.k8s.io/leases", "W1"),
        denied("delete", "s3posture.io/accountpolicies", ""),
        denied("list", "secrets", "W1"),
        denied("list", "pods", "W1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accessTable")
  void grantsOnlyTheWatchedNamespacesAndTheLease(Access access) {
    running.assertAccess(access, namespaces);
  }
}
