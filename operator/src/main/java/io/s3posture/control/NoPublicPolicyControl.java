package io.s3posture.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.S3Gateway;
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
public final class NoPublicPolicyControl implements Control<Boolean, BucketPolicyView> {

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
  public ControlName name() {
    return ControlName.NO_PUBLIC_POLICY;
  }

  @Override
  public Optional<Boolean> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.noPublicPolicy()).map(spec -> true);
  }

  @Override
  public BucketPolicyView observe(S3Gateway gateway, String bucket) {
    return BucketPolicyView.observe(gateway, bucket);
  }

  @Override
  public Drift diff(Boolean required, BucketPolicyView observed) {
    Optional<PolicyDocument> document = observed.document();
    if (document.isEmpty()) {
      return BucketPolicyView.UNPARSEABLE;
    }
    List<FieldDrift> fields = new ArrayList<>();
    List<JsonNode> statements = document.get().statements();
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
    return new Drift(fields);
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

  @Override
  public void remediate(
      S3Gateway gateway, String bucket, Boolean required, BucketPolicyView observed) {
    throw new IllegalStateException("public policy statements are never removed by the operator");
  }
}
