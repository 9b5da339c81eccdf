package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private static final String MONITORING_API = "--api-versions=monitoring.coreos.com/v1";

  private HelmChart chart;
  private TestStack stack;
  private KubernetesClient client;
  private String namespace;
  private List<String> watched;

  @BeforeAll
  void setUp(TestStack stack) {
    this.chart = HelmChart.locate();
    this.stack = stack;
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
        reports: {enabled: true}
        bucketConcurrency: 16
        logLevel: DEBUG
        logFormat: json
        extraArgs: ["--aws-max-attempts=4"]
        metrics:
          port: 9090
          bucketLabel: false
          service: {port: 9090, labels: {scrape: "true"}}
          serviceMonitor:
            enabled: true
            namespace: %s
            interval: 1m
            labels: {release: prometheus}
            annotations: {team: platform}
            relabelings: [{targetLabel: cluster, replacement: prod}]
            metricRelabelings:
            - {sourceLabels: [__name__], regex: "jvm_gc_.*", action: drop}
            honorLabels: true
        prometheusRule:
          enabled: true
          namespace: %s
          labels: {release: prometheus}
          runbookBaseUrl: https://wiki.example.com/s3-posture/alerts/
          operatorJob: "kubernetes-pods"
        grafanaDashboard: {enabled: true, annotations: {grafana_folder: Security}}
        jvmOptions: "-XX:MaxRAMPercentage=60  -XX:+ExitOnOutOfMemoryError"
        resources:
          requests: {cpu: 200m, memory: 512Mi}
          limits: {cpu: "1", memory: 1Gi}
        extraEnv: [{name: HTTPS_PROXY, value: "http://proxy.example.com:3128"}]
        revisionHistoryLimit: 7
        terminationGracePeriodSeconds: 90
        automountServiceAccountToken: false
        probes:
          startup: {periodSeconds: 5, failureThreshold: 24}
          liveness: {periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 5}
          readiness: {periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 2}
        networkPolicy:
          enabled: true
          metricsFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
          egress: [{ports: [{port: 443, protocol: TCP}]}]
        crds: {annotations: {example.com/owner: platform}}
        extraObjects:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: "{{ .Release.Name }}-extra"}
            data: {release: "{{ .Release.Name }}"}
          - |
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ include "s3po.fullname" . }}-extra-text
        extraVolumes: [{name: ca-bundle, configMap: {name: corporate-ca}}]
        extraVolumeMounts: [{name: ca-bundle, mountPath: /etc/ssl/corporate, readOnly: true}]
        commonLabels: {cost-center: security}
        deploymentAnnotations: {example.com/change: CHG-1}
        strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}
        podSecurityContext: {runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          runAsNonRoot: true
          capabilities: {drop: [ALL]}
          seccompProfile: {type: RuntimeDefault}
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
        .formatted(DIGEST, watched.get(0), watched.get(1), watched.get(0), watched.get(1));
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
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Service",
            "Deployment");
    assertThat(ofKind(objects, "CustomResourceDefinition"))
        .as("CRDs upgrade with the release and stay when it goes")
        .allSatisfy(
            crd ->
                assertThat(crd.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep"));
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("s3-posture-operator:0.1.0");
    assertThat(operator.getCommand()).containsExactly("java");
    assertThat(operator.getArgs())
        .containsExactly(
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=20",
            "-XX:MaxHeapFreeRatio=40",
            "-XX:TrimNativeHeapInterval=30000",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=/tmp",
            "-XX:SharedArchiveFile=/app/s3-posture-operator.jsa",
            "-jar",
            "/app/s3-posture-operator.jar",
            "run");
    assertThat(env(operator))
        .containsEntry("S3POSTURE_LEADER_ELECTION", "false")
        .containsEntry("S3POSTURE_LOG_LEVEL", "INFO")
        .containsEntry("S3POSTURE_LOG_FORMAT", "text")
        .containsEntry("S3POSTURE_WATCH_NAMESPACES", "")
        .containsEntry("S3POSTURE_ACCOUNT_POLICIES", "true")
        .containsEntry("S3POSTURE_MANAGEMENT_PORT", "8080")
        .containsEntry("S3POSTURE_LEADER_ELECTION_NAMESPACE", namespace)
        .doesNotContainKeys("AWS_REGION", "S3POSTURE_DEFAULT_ENDPOINT", "JAVA_TOOL_OPTIONS");
    assertThat(fieldRefs(operator))
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("POD_NAMESPACE", "metadata.namespace");
    assertHardened(deployment);
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .as("no UID: the image's 65532, or the one OpenShift's restricted SCC assigns")
        .isNull();
    assertThat(operator.getSecurityContext().getRunAsUser()).isNull();
    ServiceAccount account = one(objects, ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo("s3-posture-operator");
    assertThat(account.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void nonDefaultWorkloadValuesReachTheDeployment() {
    List<HasMetadata> objects = render(nonDefaultValues());

    Deployment deployment = one(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getArgs())
        .containsExactly(
            "-XX:MaxRAMPercentage=60",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/app/s3-posture-operator.jar",
            "run",
            "--aws-max-attempts=4");
    assertThat(env(operator))
        .containsEntry("S3POSTURE_LOG_FORMAT", "json")
        .containsEntry("HTTPS_PROXY", "http://proxy.example.com:3128");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo("ca-bundle");
              assertThat(mount.getMountPath()).isEqualTo("/etc/ssl/corporate");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getName().equals("ca-bundle"))
        .singleElement()
        .satisfies(volume -> assertThat(volume.getConfigMap().getName()).isEqualTo("corporate-ca"));
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(65532L);
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .isZero();
    assertThat(deployment.getMetadata().getAnnotations())
        .containsEntry("example.com/change", "CHG-1");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("cost-center", "security")
        .containsEntry("team", "platform");
    assertThat(deployment.getSpec().getRevisionHistoryLimit()).isEqualTo(7);
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(90L);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(operator.getStartupProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getFailureThreshold()).isEqualTo(5);
    assertThat(operator.getReadinessProbe().getTimeoutSeconds()).isEqualTo(2);
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    GenericKubernetesResource policy =
        new ObjectMapper()
            .convertValue(ofKind(objects, "NetworkPolicy").get(0), GenericKubernetesResource.class);
    assertThat(policy.<String>get("spec", "policyTypes", 1)).isEqualTo("Egress");
    assertThat(policy.<String>get("spec", "ingress", 0, "ports", 0, "port"))
        .isEqualTo("management");
    assertThat(
            policy.<String>get(
                "spec",
                "ingress",
                0,
                "from",
                0,
                "namespaceSelector",
                "matchLabels",
                "kubernetes.io/metadata.name"))
        .isEqualTo("monitoring");
    assertThat(ofKind(objects, "ConfigMap").stream().map(o -> o.getMetadata().getName()))
        .as("extraObjects, rendered through tpl")
        .contains("s3po-extra", "s3po-s3-posture-operator-extra-text");
    assertThat(ofKind(objects, "CustomResourceDefinition"))
        .allSatisfy(
            crd ->
                assertThat(crd.getMetadata().getAnnotations())
                    .containsEntry("example.com/owner", "platform")
                    .containsEntry("helm.sh/resource-policy", "keep"));
    assertThat(objects)
        .as("commonLabels on every object the chart makes (extraObjects are the user's own)")
        .filteredOn(item -> !item.getMetadata().getName().contains("-extra"))
        .allSatisfy(
            item ->
                assertThat(item.getMetadata().getLabels())
                    .containsEntry("cost-center", "security"));
  }

  @Test
  void aRollingUpdateWithoutLeaderElectionIsRejected() {
    CommandResult result =
        chart.template("rolling", namespace, "strategy: {type: RollingUpdate}\n");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("would run two operators side by side");
    assertThat(
            one(render("strategy: {type: Recreate}\nreplicaCount: 2\n"), Deployment.class)
                .getSpec()
                .getStrategy()
                .getType())
        .isEqualTo("Recreate");
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
  void shardsRenderOneDeploymentPerShardEachWithItsOwnLease() {
    List<HasMetadata> objects = render("shards: 3\nreplicaCount: 2\n");

    List<Deployment> deployments =
        objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(
            "s3po-s3-posture-operator-shard-0",
            "s3po-s3-posture-operator-shard-1",
            "s3po-s3-posture-operator-shard-2");
    for (int index = 0; index < 3; index++) {
      Deployment deployment = deployments.get(index);
      assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
          .containsEntry("S3POSTURE_SHARD", Integer.toString(index))
          .containsEntry("S3POSTURE_SHARDS", "3")
          .containsEntry("S3POSTURE_LEADER_ELECTION", "true");
      assertThat(deployment.getSpec().getSelector().getMatchLabels())
          .containsEntry("s3posture.io/shard", Integer.toString(index));
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }
    List<PodDisruptionBudget> budgets =
        objects.stream()
            .filter(PodDisruptionBudget.class::isInstance)
            .map(PodDisruptionBudget.class::cast)
            .toList();
    assertThat(budgets)
        .extracting(b -> b.getSpec().getSelector().getMatchLabels())
        .containsExactlyElementsOf(
            deployments.stream().map(d -> d.getSpec().getSelector().getMatchLabels()).toList());
    Map<String, String> service = one(objects, Service.class).getSpec().getSelector();
    assertThat(deployments)
        .as("the metrics Service selects the pods of every shard")
        .allSatisfy(
            d ->
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(service));
    assertThat(one(objects, Role.class).getRules())
        .anySatisfy(
            rule ->
                assertThat(rule.getResourceNames())
                    .containsExactly(
                        "s3-posture-operator-shard-0",
                        "s3-posture-operator-shard-1",
                        "s3-posture-operator-shard-2"));
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
    List<HasMetadata> clusterRoles =
        ofKind(objects, "ClusterRole").stream()
            .filter(role -> !ChartServiceAccount.aggregatedForPeople(role))
            .toList();
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
        .as("nothing cluster-scoped for the operator")
        .filteredOn(item -> !ChartServiceAccount.aggregatedForPeople(item))
        .filteredOn(item -> !item.getKind().equals("CustomResourceDefinition"))
        .allSatisfy(item -> assertThat(item.getKind()).doesNotStartWith("Cluster"));
  }

  @Test
  void reportsAddWriteOnlyReportRulesWhereBucketPoliciesAreReconciled() {
    assertThat(reportRules(render(""))).as("off by default").isEmpty();
    assertThat(operatorEnv(render(""))).doesNotContainKey("S3POSTURE_REPORTS");

    List<HasMetadata> clusterWide = render("reports: {enabled: true}\n");
    assertThat(operatorEnv(clusterWide)).containsEntry("S3POSTURE_REPORTS", "true");
    assertThat(reportRules(clusterWide))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getKey()).isEqualTo("ClusterRole");
              assertThat(rule.getValue().getApiGroups()).containsExactly("openreports.io");
              assertThat(rule.getValue().getResources()).containsExactly("reports");
              assertThat(rule.getValue().getVerbs())
                  .as("written, never read")
                  .containsExactly("create", "patch", "delete");
            });

    List<HasMetadata> namespaced =
        render(
            "reports: {enabled: true}\nwatchNamespaces: [%s, %s]\n"
                .formatted(watched.get(0), watched.get(1)));
    assertThat(reportRules(namespaced))
        .extracting(Map.Entry::getKey)
        .containsExactly("Role " + watched.get(0), "Role " + watched.get(1));
  }

  /** The rules on openreports.io, by the (Cluster)Role that has them. */
  private static List<Map.Entry<String, PolicyRule>> reportRules(List<HasMetadata> objects) {
    List<Map.Entry<String, PolicyRule>> rules = new ArrayList<>();
    for (HasMetadata item : objects) {
      List<PolicyRule> of =
          item instanceof ClusterRole role
              ? role.getRules()
              : item instanceof Role role ? role.getRules() : List.of();
      String owner =
          item instanceof Role ? "Role " + item.getMetadata().getNamespace() : item.getKind();
      of.stream()
          .filter(rule -> rule.getApiGroups().contains("openreports.io"))
          .forEach(rule -> rules.add(Map.entry(owner, rule)));
    }
    return rules;
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
    List<HasMetadata> objects = render(nonDefaultValues(), MONITORING_API);

    GenericKubernetesResource monitor = generic(objects, "ServiceMonitor");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(watched.get(0));
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.getMetadata().getAnnotations()).containsEntry("team", "platform");
    assertThat(monitor.<String>get("spec", "namespaceSelector", "matchNames", 0))
        .isEqualTo(namespace);
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("metrics");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "interval")).isEqualTo("1m");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "relabelings", 0, "targetLabel"))
        .isEqualTo("cluster");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "metricRelabelings", 0, "action"))
        .isEqualTo("drop");
    assertThat(monitor.<Boolean>get("spec", "endpoints", 0, "honorLabels")).isTrue();

    GenericKubernetesResource rule = generic(objects, "PrometheusRule");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(watched.get(1));
    Map<?, ?> rules =
        new ObjectMapper(new YAMLFactory())
            .readValue(HelmChart.CHART.resolve("files/prometheus-rules.yaml").toFile(), Map.class);
    assertThat(withoutRunbookUrls(rule.get("spec", "groups")))
        .as("the rule file's groups, runbook_url and the operator's job aside")
        .isEqualTo(withoutRunbookUrls(rules.get("groups")));
    List<Map<String, Object>> alerts = alerts(rule.get("spec", "groups"));
    assertThat(alerts).hasSizeGreaterThan(5);
    for (Map<String, Object> alert : alerts) {
      String name = String.valueOf(alert.get("alert"));
      assertThat(((Map<?, ?>) alert.get("annotations")).get("runbook_url"))
          .as(name)
          .isEqualTo("https://wiki.example.com/s3-posture/alerts#" + name.toLowerCase(Locale.ROOT));
    }
    assertThat(
            alerts.stream()
                .filter(alert -> alert.get("alert").equals("S3PostureOperatorDown"))
                .map(alert -> alert.get("expr")))
        .singleElement()
        .asString()
        .contains("up{job=~\"kubernetes-pods\"}");

    ConfigMap dashboard =
        (ConfigMap)
            ofKind(objects, "ConfigMap").stream()
                .filter(map -> map.getMetadata().getName().endsWith("-dashboard"))
                .findFirst()
                .orElseThrow();
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

  /**
   * Without the Prometheus Operator's API (this API server has none), enabling the ServiceMonitor
   * or PrometheusRule does not fail the install: they are left out and NOTES say so. Checked with
   * the real API server's capabilities: {@code helm install --dry-run=server}.
   */
  @Test
  void monitoringObjectsAreSkippedWhenTheClusterHasNoPrometheusOperator() {
    // the run's CRDs exist without a release: this release leaves them alone (crds.enabled=false)
    String values =
        "metrics: {serviceMonitor: {enabled: true}}\nprometheusRule: {enabled: true}\n"
            + "crds: {enabled: false}\n";
    assertThat(kinds(render(values))).doesNotContain("ServiceMonitor", "PrometheusRule");

    String install =
        chart
            .install("skip-monitoring", namespace, values, stackKubeconfig(), "--dry-run=server")
            .successfulOutput();
    assertThat(install)
        .doesNotContain("kind: ServiceMonitor", "kind: PrometheusRule")
        .contains("metrics.serviceMonitor.enabled is set, but the cluster does not serve")
        .contains("prometheusRule.enabled is set, but the cluster does not serve")
        .contains("CRDs: not managed by this release (crds.enabled=false)");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "replicaCount: two | at '/replicaCount': got string, want integer",
        "shards: 0 | at '/shards'",
        "leaderElection: {enabled: \"yes\"} | at '/leaderElection/enabled': got string, want boolean",
        "replicas: 2 | additional properties 'replicas' not allowed",
        "metrics: {servicemonitor: {enabled: true}} | additional properties 'servicemonitor' not allowed",
        "aws: {rolearn: x} | additional properties 'rolearn' not allowed",
        "aws: {roleArn: my-role} | at '/aws/roleArn'",
        "logLevel: verbose | at '/logLevel'",
        "watchNamespaces: team-a | at '/watchNamespaces': got string, want array",
        "resources: {limits: {memory: lots}} | at '/resources/limits/memory'",
        "logFormat: xml | at '/logFormat'",
        "extraArgs: [verbose] | at '/extraArgs/0'",
        "strategy: {type: Rolling} | at '/strategy/type'",
        "podSecurityContext: {runAsUsr: 1} | additional properties 'runAsUsr' not allowed",
        "securityContext: {capabilities: {drop: ALL}} | at '/securityContext/capabilities/drop'",
        "extraVolumeMounts: [{name: ca}] | missing property 'mountPath'",
        "prometheusRule: {runbookBaseUrl: docs/alerts.md} | at '/prometheusRule/runbookBaseUrl'",
        "metrics: {serviceMonitor: {relabelings: {}}} | at '/metrics/serviceMonitor/relabelings'",
        "probes: {liveness: {periodSecond: 5}} | additional properties 'periodSecond' not allowed",
        "probes: {readiness: {failureThreshold: 0}} | at '/probes/readiness/failureThreshold'",
        "revisionHistoryLimit: -1 | at '/revisionHistoryLimit'",
        "serviceAccount: {automount: \"no\"} | at '/serviceAccount/automount'",
        "crds: {keep: \"yes\"} | at '/crds/keep'",
        "networkPolicy: {metricsFrom: {}} | at '/networkPolicy/metricsFrom'",
        "extraObjects: {} | at '/extraObjects'",
        "rbac: {aggregateClusterroles: true} | additional properties 'aggregateClusterroles' not allowed"
      })
  void theSchemaRejectsTyposAndWrongTypes(String values, String message) {
    CommandResult result = chart.template("typo", namespace, values);

    assertThat(result.exitCode()).as("helm template with %s", values).isNotZero();
    assertThat(result.stderr())
        .contains("values don't meet the specifications of the schema")
        .contains(message);
  }

  /**
   * Kubernetes' view, edit and admin roles (as the real API server bootstraps them) aggregate the
   * chart's roles by label: view users read BucketPolicies and their findings, edit and admin users
   * also write them; AccountPolicies stay out of namespace roles. Aggregation itself is the
   * controller manager's, which matches exactly these selectors.
   */
  @Test
  void appTeamsSeeTheirPoliciesThroughKubernetesOwnRoles() {
    List<ClusterRole> forPeople =
        ofKind(render(""), "ClusterRole").stream()
            .filter(ChartServiceAccount::aggregatedForPeople)
            .map(ClusterRole.class::cast)
            .toList();
    for (String builtIn : List.of("view", "edit", "admin")) {
      ClusterRole role = client.rbac().clusterRoles().withName(builtIn).get();
      List<Map<String, String>> selectors =
          role.getAggregationRule().getClusterRoleSelectors().stream()
              .map(selector -> selector.getMatchLabels())
              .toList();
      List<ClusterRole> aggregated =
          forPeople.stream()
              .filter(
                  mine ->
                      selectors.stream()
                          .anyMatch(
                              selector ->
                                  mine.getMetadata()
                                      .getLabels()
                                      .entrySet()
                                      .containsAll(selector.entrySet())))
              .toList();
      Set<String> verbs =
          aggregated.stream()
              .flatMap(r -> r.getRules().stream())
              .filter(rule -> rule.getResources().contains("bucketpolicies"))
              .flatMap(rule -> rule.getVerbs().stream())
              .collect(Collectors.toSet());
      assertThat(verbs).as("%s gets", builtIn).containsAll(List.of("get", "list", "watch"));
      if (builtIn.equals("view")) {
        assertThat(verbs).as("view writes nothing").containsOnly("get", "list", "watch");
      } else {
        assertThat(verbs).as("%s writes", builtIn).contains("create", "patch", "delete");
      }
      assertThat(aggregated)
          .flatMap(ClusterRole::getRules)
          .flatMap(rule -> rule.getResources())
          .as("%s: findings are in status; no AccountPolicy in a namespace role", builtIn)
          .contains("bucketpolicies/status")
          .noneMatch(resource -> resource.startsWith("accountpolicies"));
    }
    assertThat(render("rbac: {aggregateClusterRoles: false}\n"))
        .noneMatch(ChartServiceAccount::aggregatedForPeople);
  }

  @Test
  void theDefaultRulesWatchTheChartsOwnJobAndLinkTheRepositorysRunbooks() {
    GenericKubernetesResource rule =
        generic(render("prometheusRule: {enabled: true}\n", MONITORING_API), "PrometheusRule");
    List<Map<String, Object>> alerts = alerts(rule.get("spec", "groups"));
    for (Map<String, Object> alert : alerts) {
      String name = String.valueOf(alert.get("alert"));
      assertThat(((Map<?, ?>) alert.get("annotations")).get("runbook_url"))
          .as(name)
          .isEqualTo("docs/alerts.md#" + name.toLowerCase(Locale.ROOT));
    }
    assertThat(
            alerts.stream()
                .filter(alert -> alert.get("alert").equals("S3PostureOperatorDown"))
                .map(alert -> alert.get("expr")))
        .singleElement()
        .asString()
        .as("the job the chart's ServiceMonitor gives the metrics Service's targets")
        .contains("up{job=~\"s3po-s3-posture-operator-metrics\"}");
  }

  @Test
  void rendersDeterministically() {
    String first = chart.template("same", namespace, nonDefaultValues()).successfulOutput();
    String second = chart.template("same", namespace, nonDefaultValues()).successfulOutput();

    assertThat(second).isEqualTo(first);
  }

  /**
   * Server-side dry run of everything helm would install, CRDs included, with strict field
   * validation: the real API server checks every manifest against its schemas. ServiceMonitor and
   * PrometheusRule are left out: their CRDs belong to the Prometheus Operator, which this API
   * server does not have (stub CRDs would accept anything and prove nothing).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"defaults", "non-default values", "replicas 2, leader election", "3 shards"})
  void everyRenderedManifestPassesAServerSideDryRun(String variant) {
    String values =
        switch (variant) {
          case "defaults" -> "";
          case "non-default values" -> nonDefaultValues();
          case "3 shards" -> "shards: 3\nreplicaCount: 2\n";
          default -> "replicaCount: 2\n";
        };
    List<HasMetadata> objects = render(values);
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

  private String stackKubeconfig() {
    return stack.localStack().kubeconfig().toString();
  }

  /** The alert rules of rule groups (as parsed YAML). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alerts(Object groups) {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) groups) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("alert")) {
          alerts.add(rule);
        }
      }
    }
    return alerts;
  }

  /** Rule groups with every runbook_url annotation removed (a deep copy). */
  private static Object withoutRunbookUrls(Object groups) {
    Object copy = new ObjectMapper().convertValue(groups, Object.class);
    for (Map<String, Object> alert : alerts(copy)) {
      ((Map<?, ?>) alert.get("annotations")).remove("runbook_url");
      if ("S3PostureOperatorDown".equals(alert.get("alert"))) {
        alert.remove("expr"); // the chart names its own job
      }
    }
    return copy;
  }

  private static void assertHardened(Deployment deployment) {
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    var security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getRunAsNonRoot()).isTrue();
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
