package io.s3posture.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.status.ConditionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code kubectl get} shows of both kinds: every printer column reads a field the schema has
 * or a condition the operator sets (a column of a removed condition type is empty for ever), and
 * both kinds show the same Ready/Reason columns and the same {@code -o wide} ones.
 */
class PrinterColumnsTest {

  private static final Pattern CONDITION =
      Pattern.compile("^\\.status\\.conditions\\[\\?\\(@\\.type==\"(\\w+)\"\\)\\]\\.(\\w+)$");

  static Stream<String> crdFiles() {
    return CrdGenerator.generate().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void everyColumnReadsAFieldTheResourceHas(String file) {
    CustomResourceDefinition crd = crd(file);
    JSONSchemaProps schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    for (CustomResourceColumnDefinition column : columns(crd)) {
      String path = column.getJsonPath();
      Matcher condition = CONDITION.matcher(path);
      if (condition.matches()) {
        assertThat(Arrays.stream(ConditionType.values()).map(Enum::name))
            .as("%s: column %s reads condition %s", file, column.getName(), condition.group(1))
            .contains(condition.group(1));
        assertThat(condition.group(2)).isIn("status", "reason", "message");
      } else if (!path.startsWith(".metadata.")) {
        assertThat(resolve(schema, path))
            .as("%s: column %s reads %s, which the schema does not have", file, column, path)
            .isNotNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void bothKindsShowReadinessAndTheWideColumns(String file) {
    List<CustomResourceColumnDefinition> columns = columns(crd(file));
    assertThat(columns.stream().filter(c -> priority(c) == 0).map(c -> c.getName()))
        .as("%s: kubectl get", file)
        .contains("Mode", "Ready", "Reason", "Age");
    assertThat(columns.stream().filter(c -> priority(c) == 1).map(c -> c.getName()))
        .as("%s: kubectl get -o wide adds", file)
        .contains("Synced", "Last Check", "Message");
    assertThat(column(columns, "Ready").getJsonPath()).contains("\"Ready\")].status");
    assertThat(column(columns, "Reason").getJsonPath()).contains("\"Ready\")].reason");
    assertThat(column(columns, "Message").getJsonPath()).contains("\"Ready\")].message");
  }

  /**
   * Every {@code kubectl get} table in the README has the columns kubectl prints: NAME, then the
   * printer columns of priority 0 in their order (BucketPolicies' tables have BUCKETS,
   * AccountPolicies' have ACCOUNT).
   */
  @ParameterizedTest
  @CsvSource({
    "s3posture.io_bucketpolicies.yaml, BUCKETS",
    "s3posture.io_accountpolicies.yaml, ACCOUNT"
  })
  void theReadmesTablesHaveTheColumnsKubectlPrints(String file, String marker) throws IOException {
    List<String> expected =
        Stream.concat(
                Stream.of("NAME"),
                columns(crd(file)).stream()
                    .filter(c -> priority(c) == 0)
                    .map(c -> c.getName().toUpperCase(Locale.ROOT)))
            .toList();
    List<String> headers =
        Files.readAllLines(Path.of("../README.md")).stream()
            .filter(line -> line.startsWith("NAME ") && line.contains(" " + marker + " "))
            .toList();
    assertThat(headers).as("tables of %s in the README", file).isNotEmpty();
    for (String header : headers) {
      assertThat(List.of(header.trim().split("\\s{2,}")))
          .as("README: %s", header)
          .containsExactlyElementsOf(expected);
    }
  }

  private static CustomResourceDefinition crd(String file) {
    return Serialization.unmarshal(
        CrdGenerator.generate().get(file).replaceFirst("^---\n", ""),
        CustomResourceDefinition.class);
  }

  private static List<CustomResourceColumnDefinition> columns(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
  }

  private static CustomResourceColumnDefinition column(
      List<CustomResourceColumnDefinition> columns, String name) {
    return columns.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static int priority(CustomResourceColumnDefinition column) {
    return column.getPriority() == null ? 0 : column.getPriority();
  }

  private static JSONSchemaProps resolve(JSONSchemaProps schema, String path) {
    JSONSchemaProps at = schema;
    for (String field : path.substring(1).split("\\.")) {
      if (at == null || at.getProperties() == null) {
        return null;
      }
      at = at.getProperties().get(field);
    }
    return at;
  }
}
