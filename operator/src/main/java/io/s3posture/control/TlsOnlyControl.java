package io.s3posture.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;

/**
 * Deny every request that does not use TLS, through one bucket policy statement with a fixed Sid.
 * The statement is merged into the existing policy: every other statement is kept as it is. A
 * bucket that already has an equivalent statement under another Sid is compliant.
 */
public final class TlsOnlyControl implements Control<Boolean, BucketPolicyView> {

  public static final String SID = "S3PostureDenyInsecureTransport";

  @Override
  public ControlName name() {
    return ControlName.TLS_ONLY;
  }

  @Override
  public Optional<Boolean> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.tlsOnly()).map(spec -> true);
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
    if (document.get().containsEquivalent(statement(observed.bucketArn()))) {
      return Drift.NONE;
    }
    return Drift.of(
        FieldDrift.put(
            "statement[" + SID + "]",
            "Deny s3:* when aws:SecureTransport=false",
            observed.json().isEmpty() ? "no bucket policy" : "missing"));
  }

  @Override
  public void remediate(
      S3Gateway gateway, String bucket, Boolean required, BucketPolicyView observed) {
    PolicyDocument merged =
        observed.document().orElseThrow().withStatement(statement(observed.bucketArn()));
    gateway.putBucketPolicy(bucket, merged.toJson());
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
