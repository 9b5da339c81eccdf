package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json is strict and complete: every key of values.yaml is in the schema, every value
 * the schema declares has a default in values.yaml, and every object the schema spells out rejects
 * unknown keys (typos). HelmChartIT shows helm applying it.
 */
class ValuesSchemaTest {

  /** Set by a parent chart, never in values.yaml. */
  private static final Set<String> NOT_IN_VALUES = Set.of("global");

  private final JsonNode values = read("values.yaml", new ObjectMapper(new YAMLFactory()));
  private final JsonNode schema = read("values.schema.json", new ObjectMapper());

  @Test
  void everyValueIsInTheSchema() {
    List<String> unknown = new ArrayList<>();
    valuesInSchema(values, schema, "", unknown);
    assertThat(unknown).as("values.yaml keys the schema does not declare").isEmpty();
  }

  @Test
  void everyValueTheSchemaDeclaresHasADefaultAndObjectsAreClosed() {
    List<String> missing = new ArrayList<>();
    List<String> open = new ArrayList<>();
    schemaInValues(schema, values, "", missing, open);
    assertThat(missing).as("schema properties without a default in values.yaml").isEmpty();
    assertThat(open).as("objects that accept unknown keys").isEmpty();
  }

  private void valuesInSchema(JsonNode value, JsonNode node, String path, List<String> unknown) {
    JsonNode resolved = resolve(node);
    if (!value.isObject() || !resolved.has("properties")) {
      return;
    }
    value
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode property = resolved.path("properties").path(field.getKey());
              if (property.isMissingNode()) {
                unknown.add(path + "." + field.getKey());
              } else {
                valuesInSchema(field.getValue(), property, path + "." + field.getKey(), unknown);
              }
            });
  }

  /** Only the chart's own objects: definitions ($ref) describe Kubernetes types, not defaults. */
  private void schemaInValues(
      JsonNode node, JsonNode value, String path, List<String> missing, List<String> open) {
    if (node.has("$ref") || !node.has("properties")) {
      return;
    }
    if (!node.path("additionalProperties").isBoolean()
        || node.path("additionalProperties").asBoolean()) {
      open.add(path.isEmpty() ? "<root>" : path);
    }
    node.path("properties")
        .fields()
        .forEachRemaining(
            property -> {
              String name = property.getKey();
              String child = path + "." + name;
              if (NOT_IN_VALUES.contains(name)) {
                return;
              }
              if (!value.has(name)) {
                missing.add(child);
              } else {
                schemaInValues(property.getValue(), value.get(name), child, missing, open);
              }
            });
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      current = schema.at(ref.substring(1));
    }
    return current;
  }

  private static JsonNode read(String file, ObjectMapper mapper) {
    try {
      return mapper.readTree(HelmChart.CHART.resolve(file).toFile());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
