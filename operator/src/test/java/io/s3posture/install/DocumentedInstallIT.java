package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.docs.DocumentedCommands;
import io.s3posture.docs.DocumentedCommands.Command;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the docs tell a platform engineer to run, checked against what the chart renders and what
 * the real API server does: the documented {@code helm install} creates the ServiceAccount that
 * docs/iam-trust-irsa.json trusts, and the chart's CRDs upgrade with it, stay on uninstall, and
 * adopt CRDs it did not install with the documented commands.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedInstallIT {

  private static final Path REPOSITORY = DocumentedCommands.REPOSITORY;

  private HelmChart chart;
  private TestStack stack;
  private KubernetesClient client;
  private String namespace;

  @BeforeAll
  void setUp(TestStack stack) {
    this.chart = HelmChart.locate();
    this.stack = stack;
    this.client = stack.kubernetes();
    this.namespace = stack.createNamespace("docs-install");
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "docs/install.md"})
  void theDocumentedInstallCreatesTheServiceAccountTheIrsaTrustPolicyNames(String doc)
      throws IOException {
    Command install =
        DocumentedCommands.commandsIn(REPOSITORY.resolve(doc)).stream()
            .filter(
                c ->
                    c.words().size() > 3
                        && c.words().subList(0, 2).equals(List.of("helm", "install")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no helm install in " + doc));
    List<String> words = install.arguments();
    String release = words.get(1);
    assertThat(words.get(2)).as(install.toString()).isEqualTo("helm/s3-posture-operator");
    String installNamespace = null;
    List<String> sets = new ArrayList<>();
    for (int i = 3; i < words.size(); i++) {
      switch (words.get(i)) {
        case "-n", "--namespace" -> installNamespace = words.get(++i);
        case "--set" -> sets.addAll(List.of("--set", words.get(++i)));
        default -> {}
      }
    }
    assertThat(installNamespace).as("%s names a namespace", install).isNotNull();

    List<HasMetadata> objects =
        HelmChart.parse(
            client,
            chart
                .template(release, installNamespace, "", sets.toArray(String[]::new))
                .successfulOutput());
    ServiceAccount account =
        objects.stream()
            .filter(ServiceAccount.class::isInstance)
            .map(ServiceAccount.class::cast)
            .findFirst()
            .orElseThrow();
    String subject =
        "system:serviceaccount:"
            + account.getMetadata().getNamespace()
            + ":"
            + account.getMetadata().getName();

    assertThat(subject).as(install.toString()).isEqualTo(irsaTrustedSubject());
    String roleArn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
    assertThat(sets).as("%s sets the IRSA role", install).contains("aws.roleArn=" + roleArn);
    assertThat(crossAccountTrustedPrincipal())
        .as("docs/iam-trust-cross-account.json trusts the role the install names")
        .isEqualTo(roleArn);
  }

  /**
   * The chart's CRDs are templates: {@code helm upgrade} upgrades them, {@code helm uninstall}
   * keeps them, and the documented labels and annotations let a release adopt CRDs that it did not
   * install (an install of the chart before its CRDs were templates, or a {@code kubectl apply}).
   */
  @Test
  void theChartUpgradesItsCrdsKeepsThemAndAdoptsOnesItDidNotInstall(@TempDir Path dir)
      throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    String install = Files.readString(REPOSITORY.resolve("docs/install.md"));
    for (String adopt : ADOPTION) {
      assertThat(install).as("docs/install.md shows how to adopt CRDs").contains(adopt);
    }
    assertThat(readme + install + Files.readString(HelmChart.CHART.resolve("templates/NOTES.txt")))
        .doesNotContain("helm show crds");

    // A copy of the chart with only its CRDs, under an API group of this test's own: the real
    // s3posture.io CRDs are shared by every test class of the run.
    String group = namespace + ".upgrade.s3posture.io";
    Path copy = Files.createDirectories(dir.resolve("s3-posture-operator"));
    for (String file : List.of("Chart.yaml", "values.yaml", "values.schema.json")) {
      Files.copy(HelmChart.CHART.resolve(file), copy.resolve(file));
    }
    Files.createDirectories(copy.resolve("templates"));
    for (String file : List.of("_helpers.tpl", "crds.yaml")) {
      Files.copy(
          HelmChart.CHART.resolve("templates").resolve(file),
          copy.resolve("templates").resolve(file));
    }
    Path crdFiles = Files.createDirectories(copy.resolve("files/crds"));
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(HelmChart.CHART.resolve("files/crds"))) {
      for (Path file : files.sorted().toList()) {
        String yaml =
            Files.readString(file)
                .replaceAll("(?m)^(  name: \\w+)\\.s3posture\\.io$", "$1." + group)
                .replaceAll("(?m)^(  group: )s3posture\\.io$", "$1" + group);
        Files.writeString(crdFiles.resolve(file.getFileName()), yaml);
        crds.add(
            Serialization.unmarshal(
                yaml.replaceFirst("^---\n", ""), CustomResourceDefinition.class));
      }
    }
    String release = "crd-adopt";
    try {
      // CRDs that no release owns, as the chart's crds/ directory or kubectl apply left them
      for (CustomResourceDefinition crd : crds) {
        client.resource(crd).fieldManager("kubectl").forceConflicts().serverSideApply();
      }
      assertThat(chart.upgrade(copy, release, namespace, "", kubeconfig()).stderr())
          .as("Helm refuses objects it did not create")
          .contains("invalid ownership metadata");

      // the documented adoption: the label and annotations Helm looks for
      for (CustomResourceDefinition crd : crds) {
        crdResource(crd)
            .edit(
                c -> {
                  if (c.getMetadata().getLabels() == null) {
                    c.getMetadata().setLabels(new HashMap<>());
                  }
                  if (c.getMetadata().getAnnotations() == null) {
                    c.getMetadata().setAnnotations(new HashMap<>());
                  }
                  c.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
                  c.getMetadata().getAnnotations().put("meta.helm.sh/release-name", release);
                  c.getMetadata().getAnnotations().put("meta.helm.sh/release-namespace", namespace);
                  return c;
                });
      }
      chart.upgrade(copy, release, namespace, "", kubeconfig()).successfulOutput();

      // the next chart version changes the schema: helm upgrade applies it, nothing else needed
      for (CustomResourceDefinition crd : crds) {
        CustomResourceDefinition next =
            Serialization.unmarshal(Serialization.asYaml(crd), CustomResourceDefinition.class);
        next.getSpec()
            .getVersions()
            .forEach(
                v ->
                    v.getSchema()
                        .getOpenAPIV3Schema()
                        .setDescription("upgraded by the next chart version"));
        Files.writeString(
            crdFiles.resolve(crd.getSpec().getNames().getPlural() + ".yaml"),
            Serialization.asYaml(next));
      }
      try (Stream<Path> files = Files.list(crdFiles)) {
        for (Path file : files.toList()) {
          if (!file.getFileName().toString().matches("\\w+\\.yaml")) {
            Files.delete(file); // the generated names; the next version's files replace them
          }
        }
      }
      chart.upgrade(copy, release, namespace, "", kubeconfig()).successfulOutput();
      for (CustomResourceDefinition crd : crds) {
        CustomResourceDefinition upgraded = crdResource(crd).get();
        assertThat(
                upgraded
                    .getSpec()
                    .getVersions()
                    .get(0)
                    .getSchema()
                    .getOpenAPIV3Schema()
                    .getDescription())
            .isEqualTo("upgraded by the next chart version");
        assertThat(upgraded.getMetadata().getAnnotations())
            .containsEntry("helm.sh/resource-policy", "keep");
      }

      chart.uninstall(release, namespace, kubeconfig()).successfulOutput();
      for (CustomResourceDefinition crd : crds) {
        assertThat(crdResource(crd).get())
            .as("%s kept on uninstall", crd.getMetadata().getName())
            .isNotNull();
      }
    } finally {
      for (CustomResourceDefinition crd : crds) {
        crdResource(crd).delete();
      }
    }
  }

  /** The adoption commands docs/install.md shows, with the default release and namespace. */
  private static final List<String> ADOPTION =
      List.of(
          "kubectl label crd bucketpolicies.s3posture.io accountpolicies.s3posture.io"
              + " app.kubernetes.io/managed-by=Helm --overwrite",
          "kubectl annotate crd bucketpolicies.s3posture.io accountpolicies.s3posture.io"
              + " meta.helm.sh/release-name=s3-posture-operator"
              + " meta.helm.sh/release-namespace=s3-posture-system --overwrite");

  private Resource<CustomResourceDefinition> crdResource(CustomResourceDefinition crd) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName());
  }

  private List<HasMetadata> parse(String manifests) {
    return HelmChart.parse(client, manifests);
  }

  private String kubeconfig() {
    return stack.localStack().kubeconfig().toString();
  }

  private static String irsaTrustedSubject() throws IOException {
    JsonNode conditions =
        new ObjectMapper()
            .readTree(REPOSITORY.resolve("docs/iam-trust-irsa.json").toFile())
            .path("Statement")
            .path(0)
            .path("Condition")
            .path("StringEquals");
    for (Iterator<Map.Entry<String, JsonNode>> it = conditions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> condition = it.next();
      if (condition.getKey().endsWith(":sub")) {
        return condition.getValue().asText();
      }
    }
    throw new AssertionError("docs/iam-trust-irsa.json has no :sub condition");
  }

  private static String crossAccountTrustedPrincipal() throws IOException {
    return new ObjectMapper()
        .readTree(REPOSITORY.resolve("docs/iam-trust-cross-account.json").toFile())
        .path("Statement")
        .path(0)
        .path("Principal")
        .path("AWS")
        .asText();
  }
}
