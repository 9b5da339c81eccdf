package io.s3posture.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit command's reading of a manifest (the CRD bundled in the jar, {@link CrdSchema}) and the
 * real API server's agree on every schema test manifest and shipped example: the same verdict, the
 * same messages (each field error, or the strict decoding error), and for accepted manifests the
 * same defaulted spec the server stores. Server-side dry run with strict field validation.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdSchemaAgreesWithApiServerIT {

  private TestStack stack;
  private String namespace;

  @BeforeAll
  void namespace(TestStack stack) {
    this.stack = stack;
    this.namespace = stack.createNamespace("cli-schema");
  }

  static Stream<Path> manifests() {
    return Stream.concat(Manifests.valid(), Manifests.invalid());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void theCliAnswersAsTheApiServerDoes(Path manifest) {
    JsonNode yaml = Manifests.read(manifest);
    Admission cli = Manifests.schemaFor(yaml).admit(yaml);

    GenericKubernetesResource stored;
    try {
      stored = dryRunCreate(yaml);
    } catch (KubernetesClientException server) {
      assertThat(cli.accepted())
          .as("the API server refused %s (%s); the CLI accepted it", manifest, server.getMessage())
          .isFalse();
      String message = server.getStatus().getMessage();
      if (cli.errors().size() > 1) {
        // the API server lists several errors in no fixed order: the same head, the same items
        // (compared as causes below) and so the same length
        String head = cli.serverMessage().substring(0, cli.serverMessage().indexOf('[') + 1);
        assertThat(message).startsWith(head).hasSameSizeAs(cli.serverMessage());
      } else {
        assertThat(message).isEqualTo(cli.serverMessage());
      }
      if (!cli.errors().isEmpty()) {
        assertThat(server.getCode()).isEqualTo(422);
        List<String> causes =
            server.getStatus().getDetails().getCauses().stream()
                .map(CrdSchemaAgreesWithApiServerIT::text)
                .toList();
        assertThat(causes)
            .containsExactlyInAnyOrderElementsOf(
                cli.errors().stream().map(FieldError::toString).toList());
      } else {
        assertThat(server.getCode()).isEqualTo(400);
      }
      return;
    }
    if (!cli.accepted()) {
      fail("the API server accepted %s; the CLI refused it: %s", manifest, cli.serverMessage());
    }
    // compared as JSON text read back, so that number node types do not matter
    JsonNode serverSpec =
        Serialization.unmarshal(
            Serialization.asJson(stored.getAdditionalProperties().get("spec")), JsonNode.class);
    JsonNode cliSpec =
        Serialization.unmarshal(
            Serialization.asJson(cli.object().orElseThrow().get("spec")), JsonNode.class);
    assertThat(cliSpec).isEqualTo(serverSpec);
  }

  private static String text(StatusCause cause) {
    return cause.getField() + ": " + cause.getMessage();
  }

  /**
   * AccountPolicies are cluster-scoped: an AccountPolicy another IT created under a manifest's name
   * on the shared API server would answer 409, so no IT applies these names.
   */
  private GenericKubernetesResource dryRunCreate(JsonNode manifest) {
    GenericKubernetesResource resource =
        Serialization.jsonMapper().convertValue(manifest, GenericKubernetesResource.class);
    var client = stack.kubernetes();
    return "BucketPolicy".equals(resource.getKind())
        ? client
            .resource(resource)
            .inNamespace(namespace)
            .dryRun()
            .fieldValidation(Validation.STRICT)
            .create()
        : client.resource(resource).dryRun().fieldValidation(Validation.STRICT).create();
  }
}
