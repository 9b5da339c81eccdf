package io.s3posture.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.TlsVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Deny every request that does not use TLS, through one bucket policy statement with a fixed Sid,
 * and, when a minimum TLS version is declared, every request over an older TLS version through a
 * second one. A bucket that already has an equivalent statement under another Sid is compliant; a
 * statement denying versions below a higher minimum satisfies a lower one.
 */
public final class TlsOnlyControl extends StatementControl<TlsOnlyControl.Requirement> {

  public static final ControlInfo INFO =
      ControlInfo.of("tlsOnly", "PutBucketPolicy", "DeleteBucketPolicy")
          .audited(
              CheckInfo.of(
                      "tlsOnly",
                      Severity.MEDIUM,
                      "Bucket policy denies requests without TLS",
                      "A Deny on aws:SecureTransport=false refuses plain-HTTP access; with a"
                          + " minimum TLS version, a Deny on s3:TlsVersion refuses older TLS.")
                  .mappedTo(FrameworkMapping.cis("2.1.1"), FrameworkMapping.securityHub("S3.5"))
                  .mitigates(
                      AttackTechnique.ADVERSARY_IN_THE_MIDDLE, AttackTechnique.NETWORK_SNIFFING)
                  .presenting(TlsOnlyControl::present));

  public static final String SID = "S3PostureDenyInsecureTransport";

  /** The Sid of the statement that denies TLS older than the minimum version. */
  public static final String MINIMUM_TLS_SID = "S3PostureDenyOldTls";

  private static final String TLS_VERSION_KEY = "s3:TlsVersion";

  /** TLS-only; {@code minimumVersion}: also deny older TLS (empty: any version). */
  public record Requirement(Optional<TlsVersion> minimumVersion) {

    public static final Requirement TLS_ONLY = new Requirement(Optional.empty());
  }

  /**
   * A field of drift as reviewers should read it: TLS-only is met by any statement that denies
   * plain HTTP (or old TLS), whatever its Sid; the operator's Sid is only where it writes its own.
   */
  static FieldDrift present(FieldDrift drift) {
    String observed = drift.observed().equals("missing") ? "no such statement" : drift.observed();
    if (drift.field().equals("statement[" + MINIMUM_TLS_SID + "]")) {
      String version = drift.expected().substring(drift.expected().lastIndexOf(' ') + 1);
      return new FieldDrift(
          "bucketPolicy",
          "a statement that denies s3:* over TLS older than " + version + " (any Sid)",
          observed,
          drift.remedy());
    }
    if (!drift.field().startsWith("statement[")) {
      return drift;
    }
    return new FieldDrift(
        "bucketPolicy",
        "a statement that denies s3:* when aws:SecureTransport is false (any Sid)",
        observed,
        drift.remedy());
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Requirement>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.tlsOnly())
        .map(
            spec ->
                Declared.of(
                    new Requirement(Optional.ofNullable(spec.minimumTlsVersion())), spec.mode()));
  }

  @Override
  protected List<ObjectNode> ownedStatements(Requirement desired, BucketPolicyView bucket) {
    List<ObjectNode> owned = new ArrayList<>();
    owned.add(statement(bucket.bucketArn()));
    desired.minimumVersion().ifPresent(v -> owned.add(minimumTls(bucket.bucketArn(), v)));
    return owned;
  }

  /** A statement denying a higher minimum version also denies everything below a lower one. */
  @Override
  protected boolean holds(ObjectNode owned, PolicyDocument document) {
    if (!MINIMUM_TLS_SID.equals(owned.path("Sid").asText())) {
      return document.containsEquivalent(owned);
    }
    String required = owned.at("/Condition/NumericLessThan/" + escape(TLS_VERSION_KEY)).asText();
    String bucketArn = owned.path("Resource").get(0).asText();
    return Arrays.stream(TlsVersion.values())
        .filter(v -> Double.parseDouble(v.number()) >= Double.parseDouble(required))
        .anyMatch(v -> document.containsEquivalent(minimumTls(bucketArn, v)));
  }

  private static String escape(String pointerSegment) {
    return pointerSegment.replace("~", "~0").replace("/", "~1");
  }

  @Override
  protected String describe(ObjectNode statement) {
    if (MINIMUM_TLS_SID.equals(statement.path("Sid").asText())) {
      return "Deny s3:* when s3:TlsVersion < "
          + statement.at("/Condition/NumericLessThan/" + escape(TLS_VERSION_KEY)).asText();
    }
    return "Deny s3:* when aws:SecureTransport=false";
  }

  /** The stricter minimum version: a bucket denying TLS below 1.3 also denies below 1.2. */
  @Override
  public Optional<Requirement> combine(Requirement a, Requirement b) {
    if (a.minimumVersion().isEmpty()) {
      return Optional.of(b);
    }
    if (b.minimumVersion().isEmpty()) {
      return Optional.of(a);
    }
    return Optional.of(a.minimumVersion().get().compareTo(b.minimumVersion().get()) >= 0 ? a : b);
  }

  /** The statement this control owns, for one bucket. */
  static ObjectNode statement(String bucketArn) {
    ObjectNode statement = denyEverything(SID, bucketArn);
    statement.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    return statement;
  }

  /** The statement denying TLS older than {@code version}, for one bucket. */
  static ObjectNode minimumTls(String bucketArn, TlsVersion version) {
    ObjectNode statement = denyEverything(MINIMUM_TLS_SID, bucketArn);
    statement
        .putObject("Condition")
        .putObject("NumericLessThan")
        .put(TLS_VERSION_KEY, version.number());
    return statement;
  }

  private static ObjectNode denyEverything(String sid, String bucketArn) {
    ObjectNode statement = JsonNodeFactory.instance.objectNode();
    statement.put("Sid", sid);
    statement.put("Effect", "Deny");
    statement.put("Principal", "*");
    statement.put("Action", "s3:*");
    statement.putArray("Resource").add(bucketArn).add(bucketArn + "/*");
    return statement;
  }
}
