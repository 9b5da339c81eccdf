package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart: lint, rendering with default and non-default values, values the schema rejects,
 * deterministic output, and every rendered manifest (CRDs included) accepted by a server-side dry
 * run against the real kube-apiserver.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmChartIT {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  private HelmChart chart;
  private KubernetesClient client;
  private String namespace;
  private List<String> watched;

  @BeforeAll
  void setUp(TestStack stack) {
    this.chart = HelmChart.locate();
    this.client = stack.kubernetes();
    this.namespace = stack.createNamespace("chart");
    this.watched = List.of(stack.createNamespace("team-a"), stack.createNamespace("team-b"));
  }

  /** Every option away from its default at once. */
  private String nonDefaultValues() {
    return """
        replicaCount: 2
        image:
          repository: registry.example.com/platform/s3-posture-operator
          digest: %s
          pullPolicy: Always
        imagePullSecrets: [{name: registry}]
        serviceAccount:
          annotations: {team: platform}
        aws:
          roleArn: arn:aws:iam::111122223333:role/s3-posture-operator
          region: eu-west-1
          maxAttempts: 3
        watchNamespaces: [%s, %s]
        bucketConcurrency: 16
        logLevel: DEBUG
        metrics:
          port: 9090
          bucketLabel: false
          service: {port: 9090, labels: {scrape: "true"}}
          serviceMonitor: {enabled: true, interval: 1m, labels: {release: prometheus}}
        prometheusRule: {enabled: true, labels: {release: prometheus}}
        grafanaDashboard: {enabled: true, annotations: {grafana_folder: Security}}
        jvmOptions: "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
        resources:
          requests: {cpu: 200m, memory: 512Mi}
          limits: {cpu: "1", memory: 1Gi}
        extraEnv: [{name: HTTPS_PROXY, value: "http://proxy.example.com:3128"}]
        podAnnotations: {example.com/owner: platform}
        podLabels: {team: platform}
        priorityClassName: system-cluster-critical
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: platform, effect: NoSchedule}]
        topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app.kubernetes.io/name: s3-posture-operator}}
        """
        .formatted(DIGEST, watched.get(0), watched.get(1));
  }

  @Test
  void lintsStrictWithDefaultAndNonDefaultValues() {
    assertThat(chart.lint("").successfulOutput()).contains("0 chart(s) failed");
    assertThat(chart.lint(nonDefaultValues()).successfulOutput()).contains("0 chart(s) failed");
  }

  @Test
  void defaultsRenderAClusterWideSingleReplicaInstall() {
    List<HasMetadata> objects = render("");

    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("s3-posture-operator:0.1.0");
    assertThat(operator.getArgs()).containsExactly("run");
    assertThat(env(operator))
        .containsEntry("S3POSTURE_LEADER_ELECTION", "false")
        .containsEntry("S3POSTURE_WATCH_NAMESPACES", "")
        .containsEntry("S3POSTURE_ACCOUNT_POLICIES", "true")
        .containsEntry("S3POSTURE_MANAGEMENT_PORT", "8080")
        .containsEntry("S3POSTURE_LEADER_ELECTION_NAMESPACE", namespace)
        .doesNotContainKeys("AWS_REGION", "S3POSTURE_DEFAULT_ENDPOINT");
    assertThat(env(operator).get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    assertThat(fieldRefs(operator))
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("POD_NAMESPACE", "metadata.namespace");
    assertHardened(deployment);
    assertThat(one(objects, ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void moreThanOneReplicaTurnsOnLeaderElectionAndAPodDisruptionBudget() {
    List<HasMetadata> objects = render("replicaCount: 2\n");

    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("S3POSTURE_LEADER_ELECTION", "true");
    PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    Role leases = one(objects, Role.class);
    assertThat(leases.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(leases.getRules())
        .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("leases"))
        .anySatisfy(
            rule -> {
              assertThat(rule.getResourceNames()).containsExactly("s3-posture-operator");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update", "patch");
            });
  }

  @Test
  void leaderElectionCanBeForcedWithOneReplica() {
    List<HasMetadata> objects = render("leaderElection: {enabled: true, namespace: kube-system}\n");

    assertThat(kinds(objects))
        .contains("Role", "RoleBinding")
        .doesNotContain("PodDisruptionBudget");
    assertThat(one(objects, Role.class).getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(operatorEnv(objects))
        .containsEntry("S3POSTURE_LEADER_ELECTION", "true")
        .containsEntry("S3POSTURE_LEADER_ELECTION_NAMESPACE", "kube-system");
  }

  @Test
  void watchNamespacesGrantsRolesThereAndClusterAccessOnlyToAccountPolicies() {
    List<HasMetadata> objects =
        render("watchNamespaces: [%s, %s]\n".formatted(watched.get(0), watched.get(1)));

    assertThat(namespacesOf(objects, "Role"))
        .containsExactlyInAnyOrder(watched.get(0), watched.get(1), "default");
    assertThat(namespacesOf(objects, "RoleBinding"))
        .containsExactlyInAnyOrder(watched.get(0), watched.get(1), "default");
    List<HasMetadata> clusterRoles = ofKind(objects, "ClusterRole");
    assertThat(clusterRoles).hasSize(1);
    assertThat(((ClusterRole) clusterRoles.get(0)).getRules())
        .allSatisfy(
            rule ->
                assertThat(rule.getResources())
                    .allSatisfy(r -> assertThat(r).startsWith("accountpolicies")));
    assertThat(operatorEnv(objects))
        .containsEntry("S3POSTURE_WATCH_NAMESPACES", watched.get(0) + "," + watched.get(1));

    List<HasMetadata> withoutAccounts =
        render(
            "watchNamespaces: [%s]\naccountPolicies: {enabled: false}\n".formatted(watched.get(0)));
    assertThat(withoutAccounts)
        .as("nothing cluster-scoped")
        .allSatisfy(item -> assertThat(item.getKind()).doesNotStartWith("Cluster"));
  }

  @Test
  void irsaRoleBecomesTheServiceAccountAnnotation() {
    ServiceAccount account =
        one(
            render(
                "aws: {roleArn: arn:aws:iam::111122223333:role/s3-posture-operator}\n"
                    + "serviceAccount: {annotations: {team: platform}}\n"),
            ServiceAccount.class);

    assertThat(account.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/s3-posture-operator",
                "team", "platform"));
  }

  @Test
  void monitoringObjectsEmbedTheChartsDashboardAndRules() throws IOException {
    List<HasMetadata> objects = render(nonDefaultValues());

    GenericKubernetesResource monitor = generic(objects, "ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("metrics");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "interval")).isEqualTo("1m");

    GenericKubernetesResource rule = generic(objects, "PrometheusRule");
    Map<?, ?> rules =
        new ObjectMapper(new YAMLFactory())
            .readValue(HelmChart.CHART.resolve("files/prometheus-rules.yaml").toFile(), Map.class);
    assertThat((Object) rule.get("spec", "groups")).isEqualTo(rules.get("groups"));

    ConfigMap dashboard = one(objects, ConfigMap.class);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Security");
    assertThat(dashboard.getData().get("s3-posture-operator.json"))
        .isEqualTo(
            Files.readString(HelmChart.CHART.resolve("dashboards/s3-posture-operator.json"))
                .strip());
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/platform/s3-posture-operator@" + DIGEST);
    assertHardened(deployment);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "replicaCount: two | at '/replicaCount': got string, want integer",
        "leaderElection: {enabled: \"yes\"} | at '/leaderElection/enabled': got string, want boolean",
        "replicas: 2 | additional properties 'replicas' not allowed",
        "metrics: {servicemonitor: {enabled: true}} | additional properties 'servicemonitor' not allowed",
        "aws: {rolearn: x} | additional properties 'rolearn' not allowed",
        "aws: {roleArn: my-role} | at '/aws/roleArn'",
        "logLevel: verbose | at '/logLevel'",
        "watchNamespaces: team-a | at '/watchNamespaces': got string, want array",
        "resources: {limits: {memory: lots}} | at '/resources/limits/memory'"
      })
  void theSchemaRejectsTyposAndWrongTypes(String values, String message) {
    CommandResult result = chart.template("typo", namespace, values);

    assertThat(result.exitCode()).as("helm template with %s", values).isNotZero();
    assertThat(result.stderr())
        .contains("values don't meet the specifications of the schema")
        .contains(message);
  }

  @Test
  void rendersDeterministically() {
    String first =
        chart.template("same", namespace, nonDefaultValues(), "--include-crds").successfulOutput();
    String second =
        chart.template("same", namespace, nonDefaultValues(), "--include-crds").successfulOutput();

    assertThat(second).isEqualTo(first);
  }

  /**
   * Server-side dry run of everything helm would install, CRDs included, with strict field
   * validation: the real API server checks every manifest against its schemas. ServiceMonitor and
   * PrometheusRule are left out: their CRDs belong to the Prometheus Operator, which this API
   * server does not have (stub CRDs would accept anything and prove nothing).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"defaults", "non-default values", "replicas 2, leader election"})
  void everyRenderedManifestPassesAServerSideDryRun(String variant) {
    String values =
        switch (variant) {
          case "defaults" -> "";
          case "non-default values" -> nonDefaultValues();
          default -> "replicaCount: 2\n";
        };
    List<HasMetadata> objects = render(values, "--include-crds");
    assertThat(kinds(objects)).contains("CustomResourceDefinition");

    List<HasMetadata> checked =
        objects.stream()
            .filter(item -> !item.getApiVersion().startsWith("monitoring.coreos.com/"))
            .toList();
    for (HasMetadata item : checked) {
      HasMetadata accepted =
          client
              .resource(item)
              .dryRun()
              .fieldValidation(Validation.STRICT)
              .fieldManager("helm-chart-it")
              .forceConflicts()
              .serverSideApply();
      assertThat(accepted.getMetadata().getName()).isEqualTo(item.getMetadata().getName());
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(objects.size() - 2);
  }

  private List<HasMetadata> render(String values, String... args) {
    return chart.render(client, "s3po", namespace, values, args);
  }

  private static void assertHardened(Deployment deployment) {
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    var security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("management");
    assertThat(container.getPorts())
        .anySatisfy(
            port -> {
              assertThat(port.getName()).isEqualTo("management");
              assertThat(port.getContainerPort().toString())
                  .isEqualTo(env(container).get("S3POSTURE_MANAGEMENT_PORT"));
            });
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
  }

  private static Map<String, String> operatorEnv(List<HasMetadata> objects) {
    return env(
        one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0));
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Map<String, String> fieldRefs(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
        .collect(
            Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
    return objects.stream().filter(item -> item.getKind().equals(kind)).toList();
  }

  private static Set<String> namespacesOf(List<HasMetadata> objects, String kind) {
    return ofKind(objects, kind).stream()
        .map(item -> item.getMetadata().getNamespace())
        .collect(Collectors.toSet());
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static GenericKubernetesResource generic(List<HasMetadata> objects, String kind) {
    List<HasMetadata> matching = ofKind(objects, kind);
    assertThat(matching).as("rendered %s objects", kind).hasSize(1);
    return (GenericKubernetesResource) matching.get(0);
  }
}
