package io.s3posture.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An IAM bucket policy, compared as parsed, canonical JSON (never as strings). Statements the
 * operator does not own are kept exactly as they were parsed.
 */
public final class PolicyDocument {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> SET_VALUED =
      Set.of("Action", "NotAction", "Resource", "NotResource");

  private final ObjectNode document;

  private PolicyDocument(ObjectNode document) {
    this.document = document;
  }

  public static PolicyDocument empty() {
    ObjectNode document = NODES.objectNode();
    document.put("Version", "2012-10-17");
    document.putArray("Statement");
    return new PolicyDocument(document);
  }

  /** Whether {@code text} is syntactically JSON (whatever its shape). */
  public static boolean isJson(String text) {
    try {
      JSON.readTree(text);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** Parses a policy; empty when it is not a JSON object. */
  public static Optional<PolicyDocument> parse(String json) {
    try {
      return JSON.readTree(json) instanceof ObjectNode object
          ? Optional.of(new PolicyDocument(object))
          : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The statements, whether the document holds one statement object or an array of them. */
  public List<JsonNode> statements() {
    JsonNode statement = document.get("Statement");
    List<JsonNode> statements = new ArrayList<>();
    if (statement instanceof ArrayNode array) {
      array.forEach(statements::add);
    } else if (statement instanceof ObjectNode) {
      statements.add(statement);
    }
    return statements;
  }

  /** Whether a statement equivalent to {@code expected}, whatever its Sid, is present. */
  public boolean containsEquivalent(JsonNode expected) {
    JsonNode wanted = canonicalStatement(expected, false);
    return statements().stream().anyMatch(s -> canonicalStatement(s, false).equals(wanted));
  }

  /** A copy where the statement with {@code statement}'s Sid is replaced by it, or appended. */
  public PolicyDocument withStatement(ObjectNode statement) {
    String sid = statement.path("Sid").asText();
    ObjectNode copy = document.deepCopy();
    ArrayNode merged = NODES.arrayNode();
    boolean replaced = false;
    for (JsonNode existing : statements()) {
      boolean ours = !sid.isEmpty() && sid.equals(existing.path("Sid").asText());
      merged.add(ours ? statement : existing);
      replaced |= ours;
    }
    if (!replaced) {
      merged.add(statement);
    }
    copy.set("Statement", merged);
    if (!copy.has("Version")) {
      copy.put("Version", "2012-10-17");
    }
    return new PolicyDocument(copy);
  }

  public String toJson() {
    return document.toString();
  }

  static JsonNode canonicalStatement(JsonNode statement, boolean keepSid) {
    if (!(statement instanceof ObjectNode object)) {
      return statement;
    }
    ObjectNode canonical = NODES.objectNode();
    new TreeMap<>(fields(object))
        .forEach(
            (key, value) -> {
              if (key.equals("Sid") && !keepSid) {
                return;
              }
              if (SET_VALUED.contains(key)) {
                canonical.set(key, sortedSet(value));
              } else if ((key.equals("Principal") || key.equals("NotPrincipal"))
                  && value.isObject()) {
                canonical.set(key, mapOfSets(value));
              } else if (key.equals("Condition") && value.isObject()) {
                ObjectNode operators = NODES.objectNode();
                new TreeMap<>(fields(value))
                    .forEach((op, keys) -> operators.set(op, mapOfSets(keys)));
                canonical.set(key, operators);
              } else {
                canonical.set(key, value);
              }
            });
    return canonical;
  }

  private static ObjectNode mapOfSets(JsonNode object) {
    ObjectNode canonical = NODES.objectNode();
    new TreeMap<>(fields(object)).forEach((key, value) -> canonical.set(key, sortedSet(value)));
    return canonical;
  }

  /** A scalar or an array of scalars as a sorted, duplicate-free array of strings. */
  private static ArrayNode sortedSet(JsonNode value) {
    List<String> values = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(element -> values.add(element.asText()));
    } else {
      values.add(value.asText());
    }
    ArrayNode set = NODES.arrayNode();
    values.stream().distinct().sorted().map(TextNode::valueOf).forEach(set::add);
    return set;
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> fields = new TreeMap<>();
    object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
    return fields;
  }
}
