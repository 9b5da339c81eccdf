package io.s3posture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped CRDs on the real API server: every manifest under manifests/valid is accepted (with
 * the schema's defaults), every one under manifests/invalid is rejected with the message its "#
 * expect:" lines name. Server-side dry run with strict field validation (kubectl's default):
 * nothing is stored, unknown fields are refused.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdSchemaIT {

  private static final Path MANIFESTS = Path.of("src", "test", "resources", "manifests");

  private TestStack stack;
  private String namespace;

  @BeforeAll
  void namespace(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("schema");
  }

  static Stream<Path> invalid() throws IOException {
    return list("invalid");
  }

  /** The test's valid manifests and the examples users copy from crds/examples. */
  static Stream<Path> valid() throws IOException {
    try (var examples = Files.list(Path.of("..", "crds", "examples"))) {
      return Stream.concat(
          list("valid"),
          examples.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidManifestIsRejectedWithAClearMessage(Path manifest) throws IOException {
    List<String> expected =
        Files.readAllLines(manifest).stream()
            .filter(line -> line.startsWith("# expect: "))
            .map(line -> line.substring("# expect: ".length()))
            .toList();
    assertThat(expected).as("%s names its expected message", manifest).isNotEmpty();

    assertThatThrownBy(() -> dryRunCreate(manifest))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              // 400: unknown fields (strict field validation, kubectl's default); 422: invalid
              assertThat(e.getCode()).isIn(400, 422);
              assertThat(e.getMessage()).contains(expected);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validManifestIsAccepted(Path manifest) throws IOException {
    HasMetadata created = dryRunCreate(manifest);
    assertThat(created.getMetadata().getName()).isNotBlank();
  }

  @Test
  void schemaDefaultsAreFilledIn() throws IOException {
    GenericKubernetesResource created = dryRunCreate(MANIFESTS.resolve("valid/minimal.yaml"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("mode", "Enforce").containsEntry("resyncInterval", "10m");
    @SuppressWarnings("unchecked")
    Map<String, Object> controls = (Map<String, Object>) spec.get("controls");
    assertThat(controls.get("publicAccessBlock"))
        .isEqualTo(
            Map.of(
                "blockPublicAcls", true,
                "ignorePublicAcls", true,
                "blockPublicPolicy", true,
                "restrictPublicBuckets", true));
  }

  private GenericKubernetesResource dryRunCreate(Path manifest) throws IOException {
    try (var in = Files.newInputStream(manifest)) {
      GenericKubernetesResource resource =
          stack
              .kubernetes()
              .getKubernetesSerialization()
              .unmarshal(in, GenericKubernetesResource.class);
      if ("BucketPolicy".equals(resource.getKind())) {
        return stack
            .kubernetes()
            .resource(resource)
            .inNamespace(namespace)
            .dryRun()
            .fieldValidation(Validation.STRICT)
            .create();
      }
      return stack
          .kubernetes()
          .resource(resource)
          .dryRun()
          .fieldValidation(Validation.STRICT)
          .create();
    }
  }

  private static Stream<Path> list(String kind) throws IOException {
    try (var files = Files.list(MANIFESTS.resolve(kind))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }
}
