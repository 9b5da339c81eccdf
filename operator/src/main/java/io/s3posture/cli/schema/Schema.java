package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One node of a CRD's structural OpenAPI v3 schema, with the keywords the API server acts on. A
 * keyword this reader does not implement is refused when the CRD is loaded (a test loads every
 * bundled CRD), so a new generated schema cannot be validated more loosely than the API server does
 * without a build failing first.
 *
 * @param additionalProperties the schema of a map's values, if the node is a map
 * @param defaultValue the default (absent: none; a JSON null default is no default, as in Go)
 */
public record Schema(
    String type,
    boolean nullable,
    Optional<String> format,
    Map<String, Schema> properties,
    Optional<Schema> additionalProperties,
    Optional<Schema> items,
    List<String> required,
    List<JsonNode> enumValues,
    Optional<JsonNode> defaultValue,
    Optional<Long> maxLength,
    Optional<Long> minLength,
    Optional<String> pattern,
    Optional<BigDecimal> maximum,
    boolean exclusiveMaximum,
    Optional<BigDecimal> minimum,
    boolean exclusiveMinimum,
    Optional<Long> maxItems,
    Optional<Long> minItems,
    boolean uniqueItems,
    Optional<Long> maxProperties,
    Optional<Long> minProperties,
    boolean preserveUnknownFields,
    boolean intOrString,
    List<Rule> rules) {

  /** Keywords that only document (or that the API server checks only when the CRD is created). */
  private static final Set<String> DOCUMENTATION =
      Set.of("description", "title", "example", "externalDocs", "$schema", "id");

  /** Formats the API server validates and converts for CEL; others would be refused. */
  static final Set<String> FORMATS =
      Set.of("date-time", "date", "duration", "byte", "int32", "int64", "float", "double");

  private static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "nullable",
          "format",
          "properties",
          "additionalProperties",
          "items",
          "required",
          "enum",
          "default",
          "maxLength",
          "minLength",
          "pattern",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxItems",
          "minItems",
          "uniqueItems",
          "maxProperties",
          "minProperties",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-int-or-string",
          "x-kubernetes-validations");

  /**
   * One x-kubernetes-validations entry.
   *
   * @param reason FieldValueInvalid unless the CRD names another
   */
  public record Rule(
      String rule,
      Optional<String> message,
      Optional<String> messageExpression,
      Optional<String> fieldPath,
      FieldError.Type reason,
      boolean optionalOldSelf) {}

  /** Reads a schema node; throws IllegalArgumentException on a keyword it does not implement. */
  public static Schema parse(JsonNode node) {
    return parse(node, "");
  }

  private static Schema parse(JsonNode node, String path) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String keyword = names.next();
      if (!KEYWORDS.contains(keyword) && !DOCUMENTATION.contains(keyword)) {
        throw new IllegalArgumentException(
            "schema keyword " + keyword + " at " + where(path) + " is not supported");
      }
    }
    Optional<String> format = text(node, "format");
    format
        .filter(f -> !FORMATS.contains(f))
        .ifPresent(
            f -> {
              throw new IllegalArgumentException(
                  "format " + f + " at " + where(path) + " is not supported");
            });
    Map<String, Schema> properties = new LinkedHashMap<>();
    node.path("properties")
        .fields()
        .forEachRemaining(
            p -> properties.put(p.getKey(), parse(p.getValue(), path + "." + p.getKey())));
    JsonNode additional = node.path("additionalProperties");
    if (additional.isBoolean()) {
      throw new IllegalArgumentException(
          "additionalProperties: " + additional + " at " + where(path) + " is not supported");
    }
    List<String> required = new ArrayList<>();
    node.path("required").forEach(r -> required.add(r.asText()));
    List<JsonNode> enumValues = new ArrayList<>();
    node.path("enum").forEach(enumValues::add);
    JsonNode defaultNode = node.get("default");
    return new Schema(
        node.path("type").asText(""),
        node.path("nullable").asBoolean(false),
        format,
        properties,
        additional.isObject() ? Optional.of(parse(additional, path + ".*")) : Optional.empty(),
        node.path("items").isObject()
            ? Optional.of(parse(node.get("items"), path + "[]"))
            : Optional.empty(),
        required,
        enumValues,
        defaultNode == null || defaultNode.isNull() ? Optional.empty() : Optional.of(defaultNode),
        whole(node, "maxLength"),
        whole(node, "minLength"),
        text(node, "pattern"),
        decimal(node, "maximum"),
        node.path("exclusiveMaximum").asBoolean(false),
        decimal(node, "minimum"),
        node.path("exclusiveMinimum").asBoolean(false),
        whole(node, "maxItems"),
        whole(node, "minItems"),
        node.path("uniqueItems").asBoolean(false),
        whole(node, "maxProperties"),
        whole(node, "minProperties"),
        node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false),
        node.path("x-kubernetes-int-or-string").asBoolean(false),
        rules(node.path("x-kubernetes-validations")));
  }

  private static List<Rule> rules(JsonNode validations) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode v : validations) {
      rules.add(
          new Rule(
              v.path("rule").asText(),
              text(v, "message"),
              text(v, "messageExpression"),
              text(v, "fieldPath"),
              reason(v.path("reason").asText("FieldValueInvalid")),
              v.path("optionalOldSelf").asBoolean(false)));
    }
    return rules;
  }

  private static FieldError.Type reason(String reason) {
    return switch (reason) {
      case "FieldValueForbidden" -> FieldError.Type.FORBIDDEN;
      case "FieldValueRequired" -> FieldError.Type.REQUIRED;
      case "FieldValueDuplicate" -> FieldError.Type.DUPLICATE;
      default -> FieldError.Type.INVALID;
    };
  }

  private static String where(String path) {
    return path.isEmpty() ? "the root" : path.substring(1);
  }

  private static Optional<String> text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() || value.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  private static Optional<Long> whole(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || !value.isNumber() ? Optional.empty() : Optional.of(value.asLong());
  }

  private static Optional<BigDecimal> decimal(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || !value.isNumber()
        ? Optional.empty()
        : Optional.of(value.decimalValue());
  }

  /** The schema of a child value: a declared property, else a map's value schema. */
  Optional<Schema> child(String name) {
    Schema property = properties.get(name);
    return property != null ? Optional.of(property) : additionalProperties;
  }

  /** Whether unknown fields are kept here (a map, or x-kubernetes-preserve-unknown-fields). */
  boolean keepsUnknownFields() {
    return preserveUnknownFields || additionalProperties.isPresent();
  }
}
