package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The schema test manifests (src/test/resources/manifests/{valid,invalid}) and the examples in
 * crds/examples, shared by the CLI's unit test and the IT that compares it with the API server.
 */
public final class Manifests {

  public static final Path ROOT = Path.of("src", "test", "resources", "manifests");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  public static Stream<Path> invalid() {
    return list(ROOT.resolve("invalid"));
  }

  /** The test's valid manifests and the examples users copy from crds/examples. */
  public static Stream<Path> valid() {
    return Stream.concat(list(ROOT.resolve("valid")), list(Path.of("..", "crds", "examples")));
  }

  /** The "# expect: " lines of an invalid manifest: texts its rejection must contain. */
  public static List<String> expectations(Path manifest) {
    try {
      return Files.readAllLines(manifest).stream()
          .filter(line -> line.startsWith("# expect: "))
          .map(line -> line.substring("# expect: ".length()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(Path manifest) {
    try {
      return YAML.readTree(manifest.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundled CRD schema for the manifest's kind. */
  public static CrdSchema schemaFor(JsonNode manifest) {
    return switch (manifest.path("kind").asText()) {
      case "BucketPolicy" -> CrdSchema.of(BucketPolicy.class);
      case "AccountPolicy" -> CrdSchema.of(AccountPolicy.class);
      default -> throw new IllegalArgumentException("no CRD for " + manifest.path("kind"));
    };
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
