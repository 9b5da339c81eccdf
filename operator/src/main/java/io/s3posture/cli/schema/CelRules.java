package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRD's x-kubernetes-validations rules, evaluated with CEL as the API server evaluates them on
 * create: {@code self} is the value at the rule's node (objects as maps, integers as int, date-time
 * strings as timestamps, duration strings as durations), rules that need {@code oldSelf} do not
 * run, a failing rule reports its messageExpression (or message, or "failed rule: ...") at its
 * fieldPath. The environment is CEL's standard library and macros plus the strings and lists
 * extensions, which the rules of our CRDs use (matches, has, size, all, exists_one, filter, join,
 * contains, duration comparisons).
 */
final class CelRules {

  private static final Cel CEL = environment(false);
  private static final Cel TRANSITION_CEL = environment(true);

  /** A compiled rule: its program, or none when it compares with oldSelf (updates only). */
  private record Compiled(
      Schema.Rule rule,
      Optional<CelRuntime.Program> program,
      Optional<CelRuntime.Program> message) {}

  private final Map<Schema.Rule, Compiled> compiled = new IdentityHashMap<>();

  /** Compiles every rule under {@code schema}; throws IllegalArgumentException on one it cannot. */
  CelRules(Schema schema) {
    compileAll(schema);
  }

  private static Cel environment(boolean withOldSelf) {
    var builder =
        CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists())
            .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists());
    if (withOldSelf) {
      builder.addVar("oldSelf", SimpleType.DYN);
    }
    return builder.build();
  }

  private void compileAll(Schema schema) {
    for (Schema.Rule rule : schema.rules()) {
      compiled.put(rule, compile(rule));
    }
    schema.properties().values().forEach(this::compileAll);
    schema.additionalProperties().ifPresent(this::compileAll);
    schema.items().ifPresent(this::compileAll);
  }

  private static Compiled compile(Schema.Rule rule) {
    try {
      CelAbstractSyntaxTree ast = CEL.compile(rule.rule()).getAst();
      Optional<CelRuntime.Program> message = Optional.empty();
      if (rule.messageExpression().isPresent()) {
        message =
            Optional.of(CEL.createProgram(CEL.compile(rule.messageExpression().get()).getAst()));
      }
      return new Compiled(rule, Optional.of(CEL.createProgram(ast)), message);
    } catch (CelValidationException e) {
      if (usesOldSelf(rule.rule())) {
        return new Compiled(rule, Optional.empty(), Optional.empty());
      }
      throw new IllegalArgumentException("CEL rule cannot be compiled: " + rule.rule(), e);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("CEL rule cannot be planned: " + rule.rule(), e);
    }
  }

  private static boolean usesOldSelf(String rule) {
    try {
      TRANSITION_CEL.compile(rule).getAst();
      return true;
    } catch (CelValidationException e) {
      return false;
    }
  }

  /** Every rule that fails under {@code node}; {@code path} is the node's field path. */
  List<FieldError> validate(JsonNode node, Schema schema, String path) {
    List<FieldError> errors = new ArrayList<>();
    walk(node, schema, path, errors);
    return errors;
  }

  private void walk(JsonNode node, Schema schema, String path, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!schema.rules().isEmpty()) {
      Object self = toCel(node, schema);
      for (Schema.Rule rule : schema.rules()) {
        check(compiled.get(rule), self, node, schema, path, errors);
      }
    }
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                Schema property = schema.properties().get(field.getKey());
                if (property != null) {
                  walk(field.getValue(), property, child(path, field.getKey()), errors);
                } else {
                  schema
                      .additionalProperties()
                      .ifPresent(
                          values ->
                              walk(
                                  field.getValue(),
                                  values,
                                  path + "[" + field.getKey() + "]",
                                  errors));
                }
              });
    } else if (node.isArray() && schema.items().isPresent()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), schema.items().get(), path + "[" + i + "]", errors);
      }
    }
  }

  private static void check(
      Compiled compiled,
      Object self,
      JsonNode node,
      Schema schema,
      String path,
      List<FieldError> errors) {
    if (compiled.program().isEmpty()) {
      return;
    }
    Schema.Rule rule = compiled.rule();
    Map<String, Object> activation = Map.of("self", self);
    Object result;
    try {
      result = compiled.program().get().eval(activation);
    } catch (CelEvaluationException e) {
      errors.add(
          FieldError.invalid(
              path, schema.type(), e.getMessage() + " evaluating rule: " + ruleErrorString(rule)));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    String field = rule.fieldPath().map(f -> fieldPath(path, f)).orElse(path);
    String detail =
        compiled.message().flatMap(program -> message(program, activation)).orElse(null);
    if (detail == null) {
      detail = rule.message().map(String::strip).orElse("failed rule: " + ruleErrorString(rule));
    }
    Object value =
        schema.type().equals("object") || schema.type().equals("array")
            ? FieldError.OMITTED
            : JsonValues.plain(node);
    errors.add(
        switch (rule.reason()) {
          case FORBIDDEN ->
              new FieldError(FieldError.Type.FORBIDDEN, field, FieldError.OMITTED, detail);
          case REQUIRED -> FieldError.required(field, detail);
          case DUPLICATE -> new FieldError(FieldError.Type.DUPLICATE, field, value, "");
          default -> FieldError.invalid(field, value, detail);
        });
  }

  /**
   * A messageExpression's text; empty when it fails, is empty or spans lines (as on the server).
   */
  private static Optional<String> message(
      CelRuntime.Program program, Map<String, Object> activation) {
    try {
      Object text = program.eval(activation);
      if (text instanceof String s && !s.strip().isEmpty() && !s.strip().contains("\n")) {
        return Optional.of(s.strip());
      }
    } catch (CelEvaluationException e) {
      // the API server falls back to the rule's message
    }
    return Optional.empty();
  }

  private static String ruleErrorString(Schema.Rule rule) {
    return rule.message().map(String::strip).orElse(rule.rule().strip());
  }

  /** A rule's fieldPath (e.g. ".kmsKeyArn" or "['a.b']") appended to the node's path. */
  private static String fieldPath(String path, String fieldPath) {
    String result = path;
    int i = 0;
    while (i < fieldPath.length()) {
      if (fieldPath.charAt(i) == '.') {
        int end = i + 1;
        while (end < fieldPath.length() && ".[".indexOf(fieldPath.charAt(end)) < 0) {
          end++;
        }
        result = child(result, fieldPath.substring(i + 1, end));
        i = end;
      } else if (fieldPath.startsWith("['", i)) {
        int end = fieldPath.indexOf("']", i + 2);
        if (end < 0) {
          return path;
        }
        result = child(result, fieldPath.substring(i + 2, end).replace("\\'", "'"));
        i = end + 2;
      } else {
        return path;
      }
    }
    return result;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The value as the API server shows it to CEL for this schema. */
  static Object toCel(JsonNode node, Schema schema) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              field ->
                  schema
                      .child(field.getKey())
                      .ifPresent(s -> map.put(field.getKey(), toCel(field.getValue(), s))));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      Schema items = schema.items().orElse(schema);
      node.forEach(item -> list.add(toCel(item, items)));
      return list;
    }
    if (node.isTextual() && schema.type().equals("string")) {
      String text = node.asText();
      return switch (schema.format().orElse("")) {
        case "date-time" -> timestamp(OffsetDateTime.parse(text).toInstant());
        case "date" -> timestamp(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
        case "duration" -> GoDuration.parse(text);
        default -> text;
      };
    }
    if (node.isNumber() && schema.type().equals("number")) {
      return node.asDouble();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    return JsonValues.plain(node);
  }

  private static Object timestamp(Instant instant) {
    return instant;
  }

  /** Go durations for format: duration strings (e.g. 1h30m). */
  static final class GoDuration {
    private GoDuration() {}

    static Object parse(String text) {
      Duration d = Duration.ZERO;
      Matcher m = Pattern.compile("([0-9.]+)(ns|us|µs|ms|s|m|h)").matcher(text);
      while (m.find()) {
        double amount = Double.parseDouble(m.group(1));
        long nanos =
            switch (m.group(2)) {
              case "ns" -> 1L;
              case "us", "µs" -> 1_000L;
              case "ms" -> 1_000_000L;
              case "s" -> 1_000_000_000L;
              case "m" -> 60_000_000_000L;
              default -> 3_600_000_000_000L;
            };
        d = d.plusNanos((long) (amount * nanos));
      }
      return d;
    }
  }
}
