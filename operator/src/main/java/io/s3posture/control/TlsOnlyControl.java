package io.s3posture.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.List;
import java.util.Optional;

/**
 * Deny every request that does not use TLS, through one bucket policy statement with a fixed Sid. A
 * bucket that already has an equivalent statement under another Sid is compliant.
 */
public final class TlsOnlyControl extends StatementControl<Boolean> {

  public static final ControlInfo INFO =
      ControlInfo.of("tlsOnly", "PutBucketPolicy", "DeleteBucketPolicy")
          .audited(
              CheckInfo.of(
                      "tlsOnly",
                      Severity.MEDIUM,
                      "Bucket policy denies requests without TLS",
                      "A Deny on aws:SecureTransport=false refuses plain-HTTP access.")
                  .mappedTo(FrameworkMapping.cis("2.1.1"), FrameworkMapping.securityHub("S3.5"))
                  .presenting(TlsOnlyControl::present));

  public static final String SID = "S3PostureDenyInsecureTransport";

  /**
   * A field of drift as reviewers should read it: TLS-only is met by any statement that denies
   * plain HTTP, whatever its Sid; the operator's Sid is only where it writes its own.
   */
  static FieldDrift present(FieldDrift drift) {
    if (!drift.field().startsWith("statement[")) {
      return drift;
    }
    return new FieldDrift(
        "bucketPolicy",
        "a statement that denies s3:* when aws:SecureTransport is false (any Sid)",
        drift.observed().equals("missing") ? "no such statement" : drift.observed(),
        drift.remedy());
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.tlsOnly()).map(spec -> Declared.of(true, spec.mode()));
  }

  @Override
  protected List<ObjectNode> ownedStatements(Boolean desired, String bucketArn) {
    return List.of(statement(bucketArn));
  }

  @Override
  protected String describe(ObjectNode statement) {
    return "Deny s3:* when aws:SecureTransport=false";
  }

  /** The statement this control owns, for one bucket. */
  static ObjectNode statement(String bucketArn) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode statement = nodes.objectNode();
    statement.put("Sid", SID);
    statement.put("Effect", "Deny");
    statement.put("Principal", "*");
    statement.put("Action", "s3:*");
    statement.putArray("Resource").add(bucketArn).add(bucketArn + "/*");
    statement.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    return statement;
  }
}
