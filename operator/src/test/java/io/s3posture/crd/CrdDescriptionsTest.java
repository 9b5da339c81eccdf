package io.s3posture.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl explain} has something to say about every field of the generated CRDs: the kind,
 * spec, status, every property below them (condition fields included), and the items of arrays of
 * objects.
 */
class CrdDescriptionsTest {

  private static final Map<String, String> GENERATED = CrdGenerator.generate();

  @ParameterizedTest
  @ValueSource(strings = {"s3posture.io_bucketpolicies.yaml", "s3posture.io_accountpolicies.yaml"})
  void everyFieldHasADescription(String file) throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(GENERATED.get(file));
    List<String> undescribed = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      walk(version.path("schema").path("openAPIV3Schema"), "<kind>", undescribed, fields);
    }

    assertThat(fields).as("fields walked").hasSizeGreaterThan(20);
    assertThat(fields)
        .contains(
            "<kind>",
            "<kind>.spec",
            "<kind>.status",
            "<kind>.status.conditions.type",
            "<kind>.status.conditions.reason");
    assertThat(undescribed).as("fields without a description in %s", file).isEmpty();
  }

  private static void walk(
      JsonNode schema, String path, List<String> undescribed, List<String> fields) {
    boolean metadata =
        path.equals("<kind>.metadata")
            || path.equals("<kind>.apiVersion")
            || path.equals("<kind>.kind");
    if (!metadata) {
      fields.add(path);
      if (schema.path("description").asText().isBlank()) {
        undescribed.add(path);
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            field -> walk(field.getValue(), path + "." + field.getKey(), undescribed, fields));
    JsonNode items = schema.path("items");
    if (items.has("properties")) {
      // kubectl explain shows the array field's description for its items: walk their fields
      items
          .path("properties")
          .fields()
          .forEachRemaining(
              field -> walk(field.getValue(), path + "." + field.getKey(), undescribed, fields));
    }
    JsonNode values = schema.path("additionalProperties");
    if (values.has("properties")) {
      values
          .path("properties")
          .fields()
          .forEachRemaining(
              field -> walk(field.getValue(), path + "." + field.getKey(), undescribed, fields));
    }
  }
}
