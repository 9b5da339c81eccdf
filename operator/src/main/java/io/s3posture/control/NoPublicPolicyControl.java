package io.s3posture.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * No bucket policy statement that allows everyone: an Allow for a wildcard principal without a
 * condition on a key that pins the caller (account, organisation, VPC endpoint, ...). Reported
 * only: the operator never removes statements it did not write.
 */
public final class NoPublicPolicyControl extends StatementControl<Boolean> {

  public static final ControlInfo INFO =
      ControlInfo.of("noPublicPolicy", "PutBucketPolicy", "DeleteBucketPolicy")
          .audited(
              CheckInfo.of(
                      "noPublicPolicy",
                      Severity.CRITICAL,
                      "No bucket policy statement allows everyone",
                      "An Allow for Principal * without a restricting condition makes the bucket"
                          + " public.")
                  .mappedTo(
                      FrameworkMapping.securityHub("S3.2"), FrameworkMapping.securityHub("S3.3"))
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  /** Condition keys that restrict a wildcard principal to known callers (AWS's "not public"). */
  private static final Set<String> RESTRICTING_KEYS =
      Set.of(
          "aws:sourcearn",
          "aws:sourcevpc",
          "aws:sourcevpce",
          "aws:sourceaccount",
          "aws:sourceowner",
          "aws:sourceorgid",
          "aws:sourceorgpaths",
          "aws:principalaccount",
          "aws:principalarn",
          "aws:principalorgid",
          "aws:principalorgpaths",
          "aws:userid",
          "aws:sourceip",
          "s3:dataaccesspointaccount",
          "s3:dataaccesspointarn");

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.noPublicPolicy())
        .map(spec -> Declared.of(true, spec.mode()));
  }

  /** It owns no statement: public statements are reported, never removed. */
  @Override
  protected List<ObjectNode> ownedStatements(Boolean desired, BucketPolicyView bucket) {
    return List.of();
  }

  @Override
  protected String describe(ObjectNode statement) {
    return "";
  }

  @Override
  protected List<FieldDrift> inspect(Boolean desired, PolicyDocument document) {
    List<FieldDrift> fields = new ArrayList<>();
    List<JsonNode> statements = document.statements();
    for (int i = 0; i < statements.size(); i++) {
      JsonNode statement = statements.get(i);
      if (isPublicAllow(statement)) {
        String sid = statement.path("Sid").asText("");
        fields.add(
            FieldDrift.notRemediable(
                "statement[" + (sid.isEmpty() ? "#" + i : sid) + "]",
                "no Allow for Principal * without a restricting condition",
                "Allow " + statement.path("Action") + " to *"));
      }
    }
    return fields;
  }

  static boolean isPublicAllow(JsonNode statement) {
    return "Allow".equals(statement.path("Effect").asText())
        && isWildcard(statement.path("Principal"))
        && !hasRestrictingCondition(statement.path("Condition"));
  }

  private static boolean isWildcard(JsonNode principal) {
    if (principal.isTextual()) {
      return "*".equals(principal.asText());
    }
    JsonNode aws = principal.path("AWS");
    if (aws.isTextual()) {
      return "*".equals(aws.asText());
    }
    if (aws.isArray()) {
      for (JsonNode value : aws) {
        if ("*".equals(value.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A condition on a pinning key with fixed values (a "*" pins nothing). */
  private static boolean hasRestrictingCondition(JsonNode condition) {
    for (JsonNode keys : condition) {
      Iterator<String> names = keys.fieldNames();
      while (names.hasNext()) {
        String key = names.next();
        if (RESTRICTING_KEYS.contains(key.toLowerCase(Locale.ROOT))
            && !isWildcardValue(keys.get(key))) {
          return true;
        }
      }
    }
    return false;
  }

  /** AWS counts only fixed values: no wildcard and no policy variable. */
  private static boolean isNotFixed(String value) {
    return value.contains("*") || value.contains("?") || value.contains("${");
  }

  private static boolean isWildcardValue(JsonNode value) {
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (isNotFixed(element.asText())) {
          return true;
        }
      }
      return false;
    }
    return isNotFixed(value.asText());
  }
}
