package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.docs.DocumentedCommands;
import io.s3posture.docs.DocumentedCommands.Command;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * docs/iam-trust-irsa.json trusts, and the one documented CRD upgrade command takes over CRDs that
 * Helm installed (the command without {@code --force-conflicts} fails with a conflict).
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedInstallIT {

  private static final Path REPOSITORY = DocumentedCommands.REPOSITORY;
  private static final String CRD_UPGRADE =
      "helm show crds helm/s3-posture-operator | " + HelmChartIT.CRD_UPGRADE;

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

  @Test
  void theDocumentedCrdUpgradeTakesOverCrdsThatHelmInstalled(@TempDir Path dir) throws IOException {
    for (Path file :
        List.of(
            REPOSITORY.resolve("README.md"),
            REPOSITORY.resolve("docs/install.md"),
            HelmChart.CHART.resolve("templates/NOTES.txt"))) {
      assertThat(Files.readString(file))
          .as("%s shows the one CRD upgrade command", file)
          .contains(HelmChartIT.CRD_UPGRADE)
          .doesNotContainPattern("kubectl apply --server-side -f");
    }
    assertThat(Files.readString(REPOSITORY.resolve("README.md"))).contains(CRD_UPGRADE);
    assertThat(Files.readString(REPOSITORY.resolve("docs/install.md"))).contains(CRD_UPGRADE);

    // A copy of the chart with only its CRDs, under an API group of this test's own: the real
    // s3posture.io CRDs are shared by every test class of the run.
    String group = namespace + ".upgrade.s3posture.io";
    Path copy = Files.createDirectories(dir.resolve("s3-posture-operator"));
    Files.copy(HelmChart.CHART.resolve("Chart.yaml"), copy.resolve("Chart.yaml"));
    Files.createDirectories(copy.resolve("crds"));
    List<String> crdNames = new ArrayList<>();
    try (Stream<Path> crds = Files.list(HelmChart.CHART.resolve("crds"))) {
      for (Path crd : crds.toList()) {
        String yaml =
            Files.readString(crd)
                .replaceAll("(?m)^(  name: \\w+)\\.s3posture\\.io$", "$1." + group)
                .replaceAll("(?m)^(  group: )s3posture\\.io$", "$1" + group);
        Files.writeString(copy.resolve("crds").resolve(crd.getFileName()), yaml);
      }
    }
    try {
      chart.install(copy, "crd-upgrade", namespace, "", kubeconfig()).successfulOutput();
      for (HasMetadata crd : parse(chart.showCrds(copy))) {
        crdNames.add(crd.getMetadata().getName());
        assertThat(client.resource(crd).get()).as("helm installed %s", crdNames).isNotNull();
      }

      // the next chart version changes the schema (here: the kind's description)
      try (Stream<Path> crds = Files.list(copy.resolve("crds"))) {
        for (Path file : crds.toList()) {
          CustomResourceDefinition crd =
              Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
          crd.getSpec()
              .getVersions()
              .forEach(
                  v ->
                      v.getSchema()
                          .getOpenAPIV3Schema()
                          .setDescription("upgraded by the next chart version"));
          Files.writeString(file, Serialization.asYaml(crd));
        }
      }
      List<HasMetadata> upgraded = parse(chart.showCrds(copy));
      assertThat(upgraded).hasSize(crdNames.size());

      for (HasMetadata crd : upgraded) {
        // `kubectl apply --server-side -f` alone (what NOTES used to say): Helm owns .spec.versions
        assertThatThrownBy(() -> client.resource(crd).fieldManager("kubectl").serverSideApply())
            .isInstanceOf(KubernetesClientException.class)
            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409))
            .hasMessageContaining("conflict");
        // the documented command: kubectl's field manager, --force-conflicts
        client.resource(crd).fieldManager("kubectl").forceConflicts().serverSideApply();
        CustomResourceDefinition applied =
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .get();
        assertThat(
                applied
                    .getSpec()
                    .getVersions()
                    .get(0)
                    .getSchema()
                    .getOpenAPIV3Schema()
                    .getDescription())
            .isEqualTo("upgraded by the next chart version");
      }
    } finally {
      for (String name : crdNames) {
        client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
      }
    }
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
