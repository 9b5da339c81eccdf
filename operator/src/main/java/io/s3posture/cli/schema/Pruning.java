package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server does to a decoded custom resource before defaulting: finds the fields the
 * schema does not know (strict field validation, kubectl's default, refuses them) and drops null
 * values where the schema allows no null and has no default (apiextensions-apiserver's pruning and
 * PruneNonNullableNullsWithoutDefaults).
 */
final class Pruning {

  private Pruning() {}

  /** Paths of unknown fields under {@code node}, sorted, e.g. spec.controls.tlsOnlyy. */
  static List<String> unknownFields(JsonNode node, Schema schema, String path) {
    List<String> unknown = new ArrayList<>();
    collect(node, schema, path, unknown);
    unknown.sort(null);
    return unknown;
  }

  private static void collect(JsonNode node, Schema schema, String path, List<String> unknown) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        Optional<Schema> child = schema.child(field.getKey());
        if (child.isPresent()) {
          collect(field.getValue(), child.get(), fieldPath, unknown);
        } else if (!schema.preserveUnknownFields()) {
          unknown.add(fieldPath);
        }
      }
    } else if (node instanceof ArrayNode array && schema.items().isPresent()) {
      for (int i = 0; i < array.size(); i++) {
        collect(array.get(i), schema.items().get(), path + "[" + i + "]", unknown);
      }
    }
  }

  /** Removes map entries that are null where the schema allows no null and has no default. */
  static void pruneNulls(JsonNode node, Schema schema) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        Optional<Schema> child = schema.child(field.getKey());
        if (field.getValue().isNull()
            && child.isPresent()
            && !child.get().nullable()
            && child.get().defaultValue().isEmpty()) {
          it.remove();
        } else if (child.isPresent()) {
          pruneNulls(field.getValue(), child.get());
        }
      }
    } else if (node instanceof ArrayNode array && schema.items().isPresent()) {
      array.forEach(item -> pruneNulls(item, schema.items().get()));
    }
  }

  /**
   * Fills in defaults where a property is missing (or a non-nullable null), then recurses, as
   * apiextensions-apiserver's structural defaulting does. Mutates {@code node}.
   */
  static void applyDefaults(JsonNode node, Schema schema) {
    if (node instanceof ObjectNode object) {
      schema
          .properties()
          .forEach(
              (name, property) ->
                  property
                      .defaultValue()
                      .filter(
                          d ->
                              !object.has(name)
                                  || (object.get(name).isNull() && !property.nullable()))
                      .ifPresent(d -> object.set(name, d.deepCopy())));
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        Schema property = schema.properties().get(field.getKey());
        if (property != null) {
          applyDefaults(field.getValue(), property);
        } else if (schema.additionalProperties().isPresent()) {
          Schema values = schema.additionalProperties().get();
          if (field.getValue().isNull()
              && !values.nullable()
              && values.defaultValue().isPresent()) {
            field.setValue(values.defaultValue().get().deepCopy());
          }
          applyDefaults(field.getValue(), values);
        }
      }
    } else if (node instanceof ArrayNode array && schema.items().isPresent()) {
      Schema items = schema.items().get();
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isNull() && !items.nullable() && items.defaultValue().isPresent()) {
          array.set(i, items.defaultValue().get().deepCopy());
        }
        applyDefaults(array.get(i), items);
      }
    }
  }
}
