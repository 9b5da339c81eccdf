package io.s3posture.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.ArrayList;
import java.util.List;
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
    for (Statement statement : Statement.of(document)) {
      if (isPublicAllow(statement)) {
        fields.add(
            FieldDrift.notRemediable(
                statement.label(),
                "no Allow for Principal * without a restricting condition",
                "Allow " + statement.action() + " to *"));
      }
    }
    return fields;
  }

  /** An Allow for anyone that no condition pins to fixed callers. */
  static boolean isPublicAllow(Statement statement) {
    return statement.allows()
        && statement.includesAnyone()
        && !statement.restrictedBy(RESTRICTING_KEYS, (key, value) -> Statement.fixed(value));
  }
}
