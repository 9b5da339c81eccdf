package io.s3posture.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRDs (crds/ and the chart's copy) are what the Java types generate today. */
class CrdFilesAreUpToDateTest {

  private static final Map<String, String> GENERATED = CrdGenerator.generate();

  @ParameterizedTest
  @ValueSource(strings = {"../crds", "../helm/s3-posture-operator/files/crds"})
  void committedCrdsMatchTheJavaTypes(String directory) throws IOException {
    Path dir = Path.of(directory);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
          .as("CRD files in %s", dir)
          .containsExactlyInAnyOrderElementsOf(GENERATED.keySet());
    }
    for (Map.Entry<String, String> crd : GENERATED.entrySet()) {
      assertThat(Files.readString(dir.resolve(crd.getKey())))
          .as("%s/%s is stale: run `make crds` and commit the result", dir, crd.getKey())
          .isEqualTo(crd.getValue());
    }
  }
}
