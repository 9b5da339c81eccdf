package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API server's OpenAPI value validation (kube-openapi's validate package as
 * apiextensions-apiserver converts its errors): type, enum, string, number, list and object limits,
 * required properties. Messages are the API server's, e.g. {@code spec.aws.region: Too long: may
 * not be more than 32 bytes}.
 */
final class OpenApiValidation {

  private final List<FieldError> errors = new ArrayList<>();

  private OpenApiValidation() {}

  /** Every violation under {@code node}; {@code path} is the node's path ("" for the root). */
  static List<FieldError> validate(JsonNode node, Schema schema, String path) {
    OpenApiValidation validation = new OpenApiValidation();
    validation.value(node, schema, path);
    return validation.errors;
  }

  private void value(JsonNode node, Schema schema, String path) {
    if (node.isNull()) {
      if (!schema.type().isEmpty() && !schema.nullable()) {
        typeError(path, schema.type(), "null");
      }
      enumeration(node, schema, path);
      return;
    }
    String actual = typeOf(node, schema);
    if (!schema.type().isEmpty() && !matchesType(node, schema, actual)) {
      typeError(path, schema.type(), actual);
      enumeration(node, schema, path);
      return;
    }
    if (node.isTextual()) {
      string(node.asText(), schema, path);
      schema.format().ifPresent(format -> format(node.asText(), format, path));
    } else if (node.isNumber()) {
      number(node, schema, path);
    } else if (node.isArray()) {
      array(node, schema, path);
    }
    enumeration(node, schema, path);
    if (node.isObject()) {
      object(node, schema, path);
    }
  }

  private static String typeOf(JsonNode node, Schema schema) {
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    return node.isArray() ? "array" : "object";
  }

  private static boolean matchesType(JsonNode node, Schema schema, String actual) {
    if (schema.intOrString()) {
      return actual.equals("string") || actual.equals("integer");
    }
    String expected = schema.type();
    if (expected.equals(actual)) {
      return true;
    }
    // a float with an integral value is an integer; an integer is a number
    boolean floatInt =
        actual.equals("number")
            && expected.equals("integer")
            && node.decimalValue().stripTrailingZeros().scale() <= 0;
    return floatInt || (actual.equals("integer") && expected.equals("number"));
  }

  private void typeError(String path, String expected, String actual) {
    errors.add(
        new FieldError(
            FieldError.Type.TYPE_INVALID,
            path,
            actual,
            path + " in body must be of type " + expected + ": " + GoFormat.quote(actual)));
  }

  private void string(String value, Schema schema, String path) {
    long length = value.codePointCount(0, value.length());
    if (schema.maxLength().isPresent() && length > schema.maxLength().get()) {
      long max = schema.maxLength().get();
      errors.add(
          new FieldError(
              FieldError.Type.TOO_LONG,
              path,
              FieldError.OMITTED,
              "may not be more than " + max + (max == 1 ? " byte" : " bytes")));
      return;
    }
    if (schema.minLength().isPresent() && length < schema.minLength().get()) {
      errors.add(
          FieldError.invalid(
              path,
              value,
              path + " in body should be at least " + schema.minLength().get() + " chars long"));
      return;
    }
    if (schema.pattern().isPresent()
        && !Pattern.compile(schema.pattern().get()).matcher(value).find()) {
      errors.add(
          FieldError.invalid(
              path, value, path + " in body should match '" + schema.pattern().get() + "'"));
    }
  }

  private void format(String value, String format, String path) {
    boolean valid =
        switch (format) {
          case "date-time" -> parses(() -> OffsetDateTime.parse(value));
          case "date" -> parses(() -> LocalDate.parse(value));
          default -> true;
        };
    if (!valid) {
      errors.add(
          new FieldError(
              FieldError.Type.TYPE_INVALID,
              path,
              value,
              path + " in body must be of type " + format + ": " + GoFormat.quote(value)));
    }
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void number(JsonNode node, Schema schema, String path) {
    boolean integer = node.isIntegralNumber();
    BigDecimal value = node.decimalValue();
    Object shown = integer ? (Object) node.asLong() : (Object) node.asDouble();
    schema
        .maximum()
        .ifPresent(
            max -> {
              int cmp = value.compareTo(integer ? truncated(max) : max);
              if (cmp > 0 || (cmp == 0 && schema.exclusiveMaximum())) {
                errors.add(
                    FieldError.invalid(
                        path,
                        shown,
                        path
                            + " in body should be less than "
                            + (schema.exclusiveMaximum() ? "" : "or equal to ")
                            + bound(max, integer)));
              }
            });
    schema
        .minimum()
        .ifPresent(
            min -> {
              int cmp = value.compareTo(integer ? truncated(min) : min);
              if (cmp < 0 || (cmp == 0 && schema.exclusiveMinimum())) {
                errors.add(
                    FieldError.invalid(
                        path,
                        shown,
                        path
                            + " in body should be greater than "
                            + (schema.exclusiveMinimum() ? "" : "or equal to ")
                            + bound(min, integer)));
              }
            });
  }

  private static BigDecimal truncated(BigDecimal bound) {
    return new BigDecimal(bound.toBigInteger());
  }

  private static String bound(BigDecimal bound, boolean integer) {
    return integer ? bound.toBigInteger().toString() : GoFormat.number(bound.doubleValue());
  }

  private void array(JsonNode node, Schema schema, String path) {
    schema
        .items()
        .ifPresent(
            items -> {
              for (int i = 0; i < node.size(); i++) {
                value(node.get(i), items, path + "[" + i + "]");
              }
            });
    long size = node.size();
    schema
        .minItems()
        .filter(min -> size < min)
        .ifPresent(
            min ->
                errors.add(
                    FieldError.invalid(
                        path, size, path + " in body should have at least " + min + " items")));
    schema
        .maxItems()
        .filter(max -> size > max)
        .ifPresent(
            max ->
                errors.add(
                    new FieldError(
                        FieldError.Type.TOO_MANY,
                        path,
                        size,
                        "must have at most " + max + (max == 1 ? " item" : " items"))));
    if (schema.uniqueItems()) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode item : node) {
        if (!seen.add(item)) {
          errors.add(FieldError.invalid(path, "", path + " in body shouldn't contain duplicates"));
          break;
        }
      }
    }
  }

  private void enumeration(JsonNode node, Schema schema, String path) {
    if (schema.enumValues().isEmpty() || schema.enumValues().contains(node)) {
      return;
    }
    String supported =
        schema.enumValues().stream()
            .map(v -> GoFormat.quote(v.isTextual() ? v.asText() : v.toString()))
            .collect(Collectors.joining(", "));
    errors.add(
        new FieldError(
            FieldError.Type.NOT_SUPPORTED,
            path,
            JsonValues.plain(node),
            "supported values: " + supported));
  }

  private void object(JsonNode node, Schema schema, String path) {
    long size = node.size();
    schema
        .minProperties()
        .filter(min -> size < min)
        .ifPresent(
            min ->
                errors.add(
                    FieldError.invalid(
                        path,
                        size,
                        path + " in body should have at least " + min + " properties")));
    schema
        .maxProperties()
        .filter(max -> size > max)
        .ifPresent(
            max ->
                errors.add(
                    new FieldError(
                        FieldError.Type.TOO_MANY,
                        path,
                        size,
                        "must have at most " + max + (max == 1 ? " item" : " items"))));
    for (Map.Entry<String, Schema> property : schema.properties().entrySet()) {
      JsonNode child = node.get(property.getKey());
      if (child != null) {
        value(child, property.getValue(), child(path, property.getKey()));
      }
    }
    schema
        .additionalProperties()
        .ifPresent(
            values ->
                node.fields()
                    .forEachRemaining(
                        field -> {
                          if (!schema.properties().containsKey(field.getKey())) {
                            value(field.getValue(), values, child(path, field.getKey()));
                          }
                        }));
    for (String name : schema.required()) {
      if (!node.has(name)) {
        errors.add(FieldError.required(child(path, name), ""));
      }
    }
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
