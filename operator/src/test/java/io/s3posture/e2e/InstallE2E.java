package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.IssuedCredentials;
import io.s3posture.testing.Policies;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The chart installed as users install it, from the registry, into a namespace that enforces the
 * restricted Pod Security Standard: the pod starts from the image built here, becomes Ready, checks
 * a BucketPolicy against moto through the node's network, with credentials from a projected service
 * account token exchanged at STS, and reports as documented (status, events, metrics).
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class InstallE2E {

  private static final ObjectMapper JSON = new ObjectMapper();

  private E2eCluster cluster;
  private OperatorRelease release;
  private Policies policies;
  private String bucket;
  private BucketPolicy policy;
  private Pod pod;

  @BeforeAll
  void install(E2eCluster cluster) {
    this.cluster = cluster;
    cluster.proxy().reset();
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-install");
    this.policies = new Policies(cluster.kubernetes(), null);
    this.bucket = TestStack.uniqueBucketName("e2e-install");
    cluster.s3().createBucket(b -> b.bucket(bucket));

    release.install("").successfulOutput();
    // Helm creates the CRDs before the Deployment: the policy exists before the operator starts
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster
                    .kubernetes()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("bucketpolicies.s3posture.io")
                    .get(),
            InstallE2E::established);
    this.policy =
        policies.apply(
            VersioningPolicies.of(release.namespace(), "versioned", "Enforce", List.of(bucket)));
    measureStart();
  }

  @AfterAll
  void uninstall() {
    if (release != null) {
      release.uninstall();
    }
  }

  /** Pod created -> Ready -> first completed check, as a test polling every 100 ms sees them. */
  private void measureStart() {
    long begin = System.nanoTime();
    long[] seen = new long[3]; // created, Ready, first check (nanoTime; 0 = not yet)
    await()
        .atMost(OperatorRelease.POD_READY)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              long now = System.nanoTime();
              List<Pod> pods = release.pods();
              if (seen[0] == 0 && !pods.isEmpty()) {
                seen[0] = now;
              }
              if (seen[1] == 0 && pods.stream().anyMatch(OperatorRelease::ready)) {
                seen[1] = now;
              }
              BucketPolicy current = policies.get(policy);
              if (seen[2] == 0
                  && current.getStatus() != null
                  && current.getStatus().lastCheckTime() != null) {
                seen[2] = now;
              }
              return seen[0] != 0 && seen[1] != 0 && seen[2] != 0;
            });
    cluster.figures().record("helm install -> pod created (s)", (seen[0] - begin) / 1e9);
    cluster.figures().record("pod created -> Ready (s)", (seen[1] - seen[0]) / 1e9);
    cluster.figures().record("pod created -> first completed check (s)", (seen[2] - seen[0]) / 1e9);
    cluster.figures().record("Ready -> first completed check (s)", (seen[2] - seen[1]) / 1e9);
    this.pod = release.awaitReadyPods(1).get(0);
  }

  @Test
  @Order(1)
  void thePodRunsAsTheRestrictedStandardDemandsWithAReadOnlyRootFilesystem() throws Exception {
    assertThat(
            cluster
                .kubernetes()
                .namespaces()
                .withName(release.namespace())
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    // what the runtime was told to run: the OCI spec containerd gave runc
    JsonNode info =
        JSON.readTree(
            cluster.ctr("containers", "info", OperatorRelease.containerId(pod)).successfulOutput());
    JsonNode spec = info.path("Spec");
    assertThat(spec.path("root").path("readonly").asBoolean())
        .as("read-only root filesystem")
        .isTrue();
    assertThat(spec.path("process").path("user").path("uid").asInt()).isEqualTo(65532);
    assertThat(spec.path("process").path("noNewPrivileges").asBoolean()).isTrue();
    assertThat(spec.path("process").path("capabilities").path("effective")).isEmpty();
    assertThat(spec.path("linux").path("seccomp").isMissingNode())
        .as("RuntimeDefault seccomp")
        .isFalse();
    assertThat(info.path("Image").asText())
        .as("the image pulled from the registry")
        .startsWith(cluster.imageRepository());
    assertThat(release.get(pod, "/readyz").statusCode()).isEqualTo(200);
    assertThat(release.get(pod, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aBucketPolicyIsEnforcedAgainstMotoAndReportedAsDocumented() {
    BucketPolicy checked =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().buckets() != null
                    && p.getStatus().buckets().compliant() == 1
                    && p.getStatus().buckets().notChecked() == 0);
    assertThat(cluster.s3().getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(checked.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("AllCompliant");
            })
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Synced");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("CheckSucceeded");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        release.eventCount("DriftCorrected", "bucket " + bucket + ", versioning"))
                    .isEqualTo(1));
    // as Prometheus finds it: through the chart's metrics Service (a ClusterIP kube-proxy serves)
    Scrape metrics = release.scrapeService("s3po-s3-posture-operator-metrics");
    assertThat(
            release
                .scrape(pod)
                .value("s3posture_policy_buckets", "policy", "versioned", "state", "corrected"))
        .as("the pod itself")
        .hasValue(1.0);
    assertThat(
            metrics.value(
                "s3posture_policy_buckets",
                "namespace",
                release.namespace(),
                "policy",
                "versioned",
                "state",
                "corrected"))
        .as("a bucket corrected in its last check counts as corrected (docs/metrics.md)")
        .hasValue(1.0);
    assertThat(
            metrics.sum(
                "s3posture_drift_corrected_total",
                "namespace",
                release.namespace(),
                "policy",
                "versioned",
                "control",
                "versioning"))
        .isEqualTo(1.0);
  }

  /**
   * Proved at moto's side: the proxy in front of it saw STS issue credentials for the role to the
   * pod's projected token (audience sts.amazonaws.com, subject the chart's ServiceAccount, bound to
   * this pod), and every S3 request of the operator signed with exactly those credentials.
   */
  @Test
  @Order(3)
  void s3CallsAreMadeWithTheRoleAssumedWithThePodsProjectedToken() throws Exception {
    List<IssuedCredentials> issued =
        cluster.proxy().issuedCredentials().stream()
            .filter(c -> c.operation().equals("AssumeRoleWithWebIdentity"))
            .toList();
    assertThat(issued).isNotEmpty();
    for (IssuedCredentials credentials : issued) {
      assertThat(credentials.requestedRoleArn()).isEqualTo(OperatorRelease.ROLE_ARN);
      JsonNode claims = claims(credentials.webIdentityToken());
      assertThat(claims.path("aud").toString()).contains(OperatorRelease.TOKEN_AUDIENCE);
      assertThat(claims.path("sub").asText())
          .isEqualTo(
              "system:serviceaccount:"
                  + release.namespace()
                  + ":"
                  + OperatorRelease.SERVICE_ACCOUNT);
      assertThat(claims.path("kubernetes.io").path("pod").path("name").asText())
          .isEqualTo(pod.getMetadata().getName());
    }
    Set<String> issuedKeys =
        issued.stream().map(IssuedCredentials::accessKeyId).collect(Collectors.toSet());
    Map<String, Map<String, Long>> byOperation = cluster.proxy().accessKeysByOperation();
    Set<String> s3Keys =
        byOperation.entrySet().stream()
            .filter(e -> e.getKey().startsWith("s3:"))
            .flatMap(e -> e.getValue().keySet().stream())
            .collect(Collectors.toSet());
    assertThat(byOperation).containsKey("s3:PutBucketVersioning");
    assertThat(s3Keys).as("access keys of the operator's S3 requests").isNotEmpty();
    assertThat(issuedKeys).containsAll(s3Keys);
  }

  static JsonNode claims(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).as("a JWT").hasSize(3);
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
