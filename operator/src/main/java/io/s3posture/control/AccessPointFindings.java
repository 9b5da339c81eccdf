package io.s3posture.control;

import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.PublicAccessBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What makes an access point a way to the public: Block Public Access flags off (fixed at creation:
 * only replacing the access point changes them) or a policy statement that allows everyone (the
 * same judgement as noPublicPolicy's). Every finding needs a person: the operator never removes
 * statements it did not write and cannot change the flags. Pure.
 */
final class AccessPointFindings {

  static final String ALL_FLAGS = "all four Block Public Access flags on";
  static final String NO_PUBLIC_STATEMENT =
      "no Allow for Principal * without a restricting condition";

  private AccessPointFindings() {}

  static Drift of(List<AccessPoint> points) {
    List<FieldDrift> findings = new ArrayList<>();
    for (AccessPoint point : points) {
      if (!point.publicAccessBlock().equals(PublicAccessBlock.ALL)) {
        findings.add(
            FieldDrift.notRemediable(
                point.label() + ".publicAccessBlock",
                ALL_FLAGS + " (fixed at creation: replace the access point)",
                "on: " + point.publicAccessBlock().describe() + " (of " + describe(point) + ")"));
      }
      for (String json : point.policies()) {
        findings.addAll(policy(point, json));
      }
    }
    return new Drift(findings);
  }

  private static List<FieldDrift> policy(AccessPoint point, String json) {
    Optional<PolicyDocument> document = PolicyDocument.parse(json);
    if (document.isEmpty()) {
      return List.of(
          FieldDrift.notRemediable(
              point.label() + ".policy", "a policy document", "JSON that is not a policy"));
    }
    List<FieldDrift> findings = new ArrayList<>();
    for (Statement statement : Statement.of(document.get())) {
      if (NoPublicPolicyControl.isPublicAllow(statement)) {
        findings.add(
            FieldDrift.notRemediable(
                point.label() + ".policy." + statement.label(),
                NO_PUBLIC_STATEMENT,
                "Allow " + statement.action() + " to *"));
      }
    }
    return findings;
  }

  private static String describe(AccessPoint point) {
    return point.multiRegion()
        ? "buckets " + String.join(", ", point.buckets())
        : "bucket "
            + String.join(", ", point.buckets())
            + point.networkOrigin().map(origin -> ", network origin " + origin).orElse("");
  }
}
