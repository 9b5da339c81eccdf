package io.s3posture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.MotoServer;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The CRD upgrade docs/install.md documents, from the chart in the registry: a second release
 * (installed with {@code crds.enabled=false}, the CRDs belong to the first) takes them over with
 * the documented labels and annotations and {@code helm upgrade --reset-then-reuse-values}; and
 * {@code helm uninstall}, which stops the operator, keeps the CRDs and the policies, and leaves
 * every bucket exactly as it was.
 */
@ExtendWith(E2eClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(6)
class CrdUpgradeAndUninstallE2E {

  private static final Path INSTALL_DOC = Path.of("..", "docs", "install.md");

  private E2eCluster cluster;
  private OperatorRelease release;
  private Policies policies;
  private BucketPolicy policy;
  private String bucket;

  @BeforeAll
  void install(E2eCluster cluster) {
    this.cluster = cluster;
    this.release = OperatorRelease.inNewNamespace(cluster, "e2e-crds");
    this.policies = new Policies(cluster.kubernetes(), null);
    this.bucket = TestStack.uniqueBucketName("e2e-crds");
    cluster.s3().createBucket(b -> b.bucket(bucket));
    cluster
        .s3()
        .putBucketTagging(
            b -> b.bucket(bucket).tagging(t -> t.tagSet(s -> s.key("team").value("payments"))));
    release.install("").successfulOutput();
    release.awaitReadyPods(1);
    this.policy =
        policies.apply(
            Policies.manifest(
                release.namespace(),
                "baseline",
                """
                mode: Enforce
                resyncInterval: 1h
                buckets:
                  names: [%s]
                controls:
                  versioning: {}
                  tlsOnly: {}
                  publicAccessBlock: {}
                """
                    .formatted(bucket)));
    policies.awaitStatus(
        policy, p -> p.getStatus().buckets() != null && p.getStatus().buckets().compliant() == 1);
  }

  @Test
  @Order(1)
  void theDocumentedAdoptionAndUpgradeMakeTheReleaseOwnTheCrds() throws IOException {
    String doc = Files.readString(INSTALL_DOC);
    for (String documented :
        List.of(
            documentedLine(doc, "kubectl label crd bucketpolicies.s3posture.io "),
            documentedLine(doc, "kubectl annotate crd bucketpolicies.s3posture.io "))) {
      cluster.shell(forThisRelease(documented)).successfulOutput();
    }
    String upgrade =
        forThisRelease(
                documentedLine(doc, "helm upgrade s3-posture-operator helm/s3-posture-operator "))
            .replace(
                " helm/s3-posture-operator ",
                " "
                    + cluster.chartReference()
                    + " --version "
                    + cluster.chartVersion()
                    + " --plain-http ");
    assertThat(upgrade).contains("--reset-then-reuse-values");
    cluster.shell(upgrade + " --set crds.enabled=true").successfulOutput();

    for (String name : List.of("bucketpolicies.s3posture.io", "accountpolicies.s3posture.io")) {
      CustomResourceDefinition crd = crd(name);
      assertThat(crd.getMetadata().getAnnotations())
          .as(name)
          .containsEntry("meta.helm.sh/release-name", release.release())
          .containsEntry("meta.helm.sh/release-namespace", release.namespace())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(crd.getMetadata().getManagedFields())
          .as("%s is written by the release's upgrade", name)
          .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("helm"));
    }
    release.awaitReadyPods(1);
  }

  @Test
  @Order(2)
  void uninstallLeavesBucketsExactlyAsTheyWere() {
    Map<String, String> before = snapshot(cluster.s3(), bucket);
    assertThat(before.get("versioning")).isEqualTo("Enabled");

    release.uninstall().successfulOutput();
    await().atMost(Duration.ofSeconds(120)).until(() -> release.pods().isEmpty());

    assertThat(snapshot(cluster.s3(), bucket)).isEqualTo(before);
    assertThat(policies.get(policy)).as("the policy stays with the CRDs").isNotNull();
    assertThat(
            cluster
                .kubernetes()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("bucketpolicies.s3posture.io")
                .get())
        .isNotNull();
  }

  /** The line of docs/install.md that starts with {@code prefix}. */
  private static String documentedLine(String doc, String prefix) {
    Matcher matcher = Pattern.compile("(?m)^(" + Pattern.quote(prefix) + ".*)$").matcher(doc);
    assertThat(matcher.find()).as("docs/install.md documents `%s…`", prefix).isTrue();
    return matcher.group(1).strip();
  }

  /** A documented command with this release's name and namespace for the documented ones. */
  private String forThisRelease(String documented) {
    return documented
        .replace("release-name=s3-posture-operator", "release-name=" + release.release())
        .replace("release-namespace=s3-posture-system", "release-namespace=" + release.namespace())
        .replace("helm upgrade s3-posture-operator ", "helm upgrade " + release.release() + " ")
        .replace("--namespace s3-posture-system", "--namespace " + release.namespace());
  }

  private CustomResourceDefinition crd(String name) {
    return cluster
        .kubernetes()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .get();
  }

  /** Every setting the operator could have touched, as S3 answers it. */
  static Map<String, String> snapshot(S3Client s3, String bucket) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(
        "versioning",
        String.valueOf(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()));
    settings.put("policy", read(() -> s3.getBucketPolicy(b -> b.bucket(bucket)).policy()));
    settings.put(
        "publicAccessBlock",
        read(
            () ->
                s3.getPublicAccessBlock(
                        b -> b.bucket(bucket).expectedBucketOwner(MotoServer.ACCOUNT_ID))
                    .publicAccessBlockConfiguration()
                    .toString()));
    settings.put(
        "encryption",
        read(
            () ->
                s3.getBucketEncryption(b -> b.bucket(bucket))
                    .serverSideEncryptionConfiguration()
                    .toString()));
    settings.put(
        "tags", read(() -> s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().toString()));
    settings.put("acl", read(() -> s3.getBucketAcl(b -> b.bucket(bucket)).grants().toString()));
    settings.put(
        "ownership",
        read(
            () ->
                s3.getBucketOwnershipControls(b -> b.bucket(bucket))
                    .ownershipControls()
                    .toString()));
    settings.put("website", read(() -> s3.getBucketWebsite(b -> b.bucket(bucket)).toString()));
    settings.put("logging", read(() -> s3.getBucketLogging(b -> b.bucket(bucket)).toString()));
    return settings;
  }

  private static String read(Supplier<String> call) {
    try {
      return call.get();
    } catch (S3Exception e) {
      return "error " + e.awsErrorDetails().errorCode();
    }
  }
}
