package io.s3posture.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.VpcEndpointOnlySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Access only through the organisation's VPC endpoints: a Deny for every principal and action
 * unless {@code aws:SourceVpce} is one of the endpoints, except for requests an AWS service makes
 * for a principal ({@code aws:ViaAWSService}) or as itself ({@code aws:PrincipalIsAWSService}, e.g.
 * log delivery), and for the exempt principals ({@code aws:PrincipalArn}). The operator's own role
 * is always exempt; when the operator does not know its own principal it refuses to write the
 * statement (it could lock itself out). Audit unless the control's mode says Enforce: a wrong
 * endpoint list locks everyone else out.
 */
public final class VpcEndpointOnlyControl
    extends StatementControl<VpcEndpointOnlyControl.Requirement> {

  public static final ControlInfo INFO =
      ControlInfo.of("vpcEndpointOnly", "PutBucketPolicy", "DeleteBucketPolicy")
          .after(DenyUnapprovedKmsKeysControl.INFO.name())
          .audited(
              AuditInfo.of(
                      CheckInfo.of(
                              "vpcEndpointOnly",
                              Severity.MEDIUM,
                              "Bucket policy denies access outside the organisation's VPC endpoints",
                              "Leaked credentials used from outside the organisation's networks are"
                                  + " refused: only requests through the listed VPC endpoints, AWS"
                                  + " services and exempt principals get in.")
                          .mitigates(
                              AttackTechnique.CLOUD_ACCOUNTS,
                              AttackTechnique.DATA_FROM_CLOUD_STORAGE))
                  .leftOutOfBaseline("the VPC endpoints are the organisation's: use --policy"));

  public static final String SID = "S3PostureVpcEndpointOnly";

  static final String SOURCE_VPCE = "aws:SourceVpce";
  static final String PRINCIPAL_ARN = "aws:PrincipalArn";

  /** The endpoints requests must come through and the principals exempt from it. */
  public record Requirement(Set<String> endpoints, Set<String> exemptPrincipals) {

    public Requirement {
      endpoints = Collections.unmodifiableSortedSet(new TreeSet<>(endpoints));
      exemptPrincipals = Collections.unmodifiableSortedSet(new TreeSet<>(exemptPrincipals));
    }

    static Requirement of(VpcEndpointOnlySpec spec) {
      return new Requirement(
          new TreeSet<>(Optional.ofNullable(spec.endpoints()).orElse(List.of())),
          new TreeSet<>(Optional.ofNullable(spec.exemptPrincipals()).orElse(List.of())));
    }
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  /** Audit unless the control's own mode is set: the policy's mode does not make it write. */
  @Override
  public Optional<Declared<Requirement>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.vpcEndpointOnly())
        .map(
            spec ->
                Declared.of(Requirement.of(spec), spec.mode() != null ? spec.mode() : Mode.Audit));
  }

  @Override
  protected List<ObjectNode> ownedStatements(Requirement desired, BucketPolicyView bucket) {
    SortedSet<String> exempt = new TreeSet<>(desired.exemptPrincipals());
    bucket
        .operatorPrincipal()
        .filter(principal -> !desired.exemptPrincipals().contains(principal))
        .ifPresent(principal -> exempt.addAll(operatorForms(principal)));
    return List.of(statement(bucket.bucketArn(), desired.endpoints(), exempt));
  }

  /**
   * The aws:PrincipalArn values that match the operator's principal. A role ARN learnt from an
   * assumed-role session has no path (the session ARN drops it), so the role is also matched under
   * any path: role names are unique in an account, so {@code role/* /NAME} is that role only.
   */
  static Set<String> operatorForms(String principal) {
    String[] parts = principal.split(":", 6);
    if (parts.length == 6 && parts[2].equals("iam") && parts[5].startsWith("role/")) {
      String name = parts[5].substring("role/".length());
      if (!name.contains("/")) {
        String prefix = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]) + ":";
        return Set.of(principal, prefix + "role/*/" + name);
      }
    }
    return Set.of(principal);
  }

  @Override
  protected void refuseUnsafe(BucketSubject subject, List<ObjectNode> statements) {
    if (subject.operatorPrincipal().filter(p -> p.startsWith("arn:")).isEmpty()) {
      throw new WriteRefused(
          "not writing "
              + SID
              + ": the operator does not know its own IAM principal (STS GetCallerIdentity"
              + " failed), so the Deny could not exempt it and would lock the operator out of the"
              + " bucket");
    }
  }

  @Override
  protected String describe(ObjectNode statement) {
    List<String> endpoints = values(statement, "StringNotEqualsIfExists", SOURCE_VPCE);
    List<String> exempt = values(statement, "ArnNotLikeIfExists", PRINCIPAL_ARN);
    return "Deny s3:* unless through "
        + String.join(" or ", endpoints)
        + " (exempt: AWS services"
        + (exempt.isEmpty() ? "" : ", " + String.join(", ", exempt))
        + ")";
  }

  private static List<String> values(ObjectNode statement, String operator, String key) {
    List<String> values = new ArrayList<>();
    statement.path("Condition").path(operator).path(key).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The statement this control owns, for one bucket. */
  static ObjectNode statement(String bucketArn, Set<String> endpoints, Set<String> exempt) {
    ObjectNode statement = JsonNodeFactory.instance.objectNode();
    statement.put("Sid", SID);
    statement.put("Effect", "Deny");
    statement.put("Principal", "*");
    statement.put("Action", "s3:*");
    statement.putArray("Resource").add(bucketArn).add(bucketArn + "/*");
    ObjectNode condition = statement.putObject("Condition");
    ArrayNode vpce = condition.putObject("StringNotEqualsIfExists").putArray(SOURCE_VPCE);
    new TreeSet<>(endpoints).forEach(vpce::add);
    condition
        .putObject("BoolIfExists")
        .put("aws:ViaAWSService", "false")
        .put("aws:PrincipalIsAWSService", "false");
    if (!exempt.isEmpty()) {
      ArrayNode principals = condition.putObject("ArnNotLikeIfExists").putArray(PRINCIPAL_ARN);
      new TreeSet<>(exempt).forEach(principals::add);
    }
    return statement;
  }
}
