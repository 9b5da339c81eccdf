package io.s3posture.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One statement of a bucket policy, as the checks that read other people's statements see it:
 * effect, principals and conditions. Holds the one rule for "a condition restricts the caller",
 * which the public-policy and external-access checks both use with their own keys and values.
 *
 * @param index its position in the document (for statements without a Sid)
 */
record Statement(JsonNode json, int index) {

  /** The statements of {@code document}, in order. */
  static List<Statement> of(PolicyDocument document) {
    List<JsonNode> statements = document.statements();
    List<Statement> parsed = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      parsed.add(new Statement(statements.get(i), i));
    }
    return parsed;
  }

  /** How findings name it: {@code statement[Sid]}, or {@code statement[#3]} without a Sid. */
  String label() {
    String sid = json.path("Sid").asText("");
    return "statement[" + (sid.isEmpty() ? "#" + index : sid) + "]";
  }

  boolean allows() {
    return "Allow".equals(json.path("Effect").asText());
  }

  JsonNode action() {
    return json.path("Action");
  }

  /** A NotPrincipal: it applies to everyone but the principals it names. */
  boolean hasNotPrincipal() {
    return json.has("NotPrincipal");
  }

  JsonNode notPrincipal() {
    return json.path("NotPrincipal");
  }

  /** {@code Principal: "*"}. */
  boolean principalIsAnyone() {
    JsonNode principal = json.path("Principal");
    return principal.isTextual() && "*".equals(principal.asText());
  }

  /** {@code Principal: "*"} or a {@code "*"} among its AWS principals. */
  boolean includesAnyone() {
    return principalIsAnyone() || awsPrincipals().contains("*");
  }

  /** The AWS principals it names (accounts, ARNs, unique ids, {@code *}). */
  List<String> awsPrincipals() {
    return values(json.path("Principal").path("AWS"));
  }

  /** The canonical users it names. */
  List<String> canonicalUsers() {
    return values(json.path("Principal").path("CanonicalUser"));
  }

  /**
   * Whether a condition restricts the caller: under an operator that requires a match (not a
   * negated one, not {@code ...IfExists}, not {@code ForAllValues:} which an absent key satisfies,
   * not {@code Null}), one of {@code keys} (lower case) with values, every one of which {@code
   * accepted} takes.
   */
  boolean restrictedBy(Set<String> keys, BiPredicate<String, String> accepted) {
    JsonNode condition = json.path("Condition");
    Iterator<String> operators = condition.fieldNames();
    while (operators.hasNext()) {
      String operator = operators.next();
      if (!requiresMatch(operator)) {
        continue;
      }
      JsonNode entries = condition.get(operator);
      Iterator<String> names = entries.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String key = name.toLowerCase(Locale.ROOT);
        List<String> values = values(entries.get(name));
        if (keys.contains(key)
            && !values.isEmpty()
            && values.stream().allMatch(value -> accepted.test(key, value))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean requiresMatch(String operator) {
    String op = operator.toLowerCase(Locale.ROOT);
    return !op.contains("not")
        && !op.endsWith("ifexists")
        && !op.startsWith("forallvalues:")
        && !op.equals("null");
  }

  /** A value AWS treats as fixed: no wildcard, no policy variable. */
  static boolean fixed(String value) {
    return !(value.contains("*") || value.contains("?") || value.contains("${"));
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      values.add(node.asText());
    }
    return values;
  }
}
