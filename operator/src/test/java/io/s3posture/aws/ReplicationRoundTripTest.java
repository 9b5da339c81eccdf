package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlsSpecBuilder;
import io.s3posture.control.Drift;
import io.s3posture.control.ReplicationControl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication rules the policy does not own go back to S3 exactly as S3 returned them. moto cannot
 * store these shapes (it answers every rule as {@code Filter{Prefix:""}}, drops source selection
 * and delete-marker settings), so a stub answers AWS's real XML and the test reads the PUT body the
 * real SDK client sent.
 */
class ReplicationRoundTripTest {

  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private static final String ROLE = "arn:aws:iam::111122223333:role/replication";
  private static final String REPLICA = "arn:aws:s3:::replica";

  /** A V2 rule with every element S3 models. */
  private static final String RICH_RULE =
      "<Rule><ID>tagged-critical</ID><Priority>5</Priority>"
          + "<Filter><And><Prefix>critical/</Prefix>"
          + "<Tag><Key>class</Key><Value>critical</Value></Tag>"
          + "<Tag><Key>team</Key><Value>payments</Value></Tag></And></Filter>"
          + "<Status>Enabled</Status>"
          + "<SourceSelectionCriteria><SseKmsEncryptedObjects><Status>Enabled</Status>"
          + "</SseKmsEncryptedObjects><ReplicaModifications><Status>Enabled</Status>"
          + "</ReplicaModifications></SourceSelectionCriteria>"
          + "<ExistingObjectReplication><Status>Enabled</Status></ExistingObjectReplication>"
          + "<Destination><Bucket>arn:aws:s3:::vault</Bucket><Account>444455556666</Account>"
          + "<StorageClass>STANDARD_IA</StorageClass>"
          + "<AccessControlTranslation><Owner>Destination</Owner></AccessControlTranslation>"
          + "<EncryptionConfiguration><ReplicaKmsKeyID>arn:aws:kms:eu-west-1:444455556666:key/"
          + "abcd</ReplicaKmsKeyID></EncryptionConfiguration>"
          + "<ReplicationTime><Status>Enabled</Status><Time><Minutes>15</Minutes></Time>"
          + "</ReplicationTime>"
          + "<Metrics><Status>Enabled</Status><EventThreshold><Minutes>15</Minutes>"
          + "</EventThreshold></Metrics></Destination>"
          + "<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication></Rule>";

  private static final String TAG_RULE =
      "<Rule><ID>by-tag</ID><Priority>3</Priority>"
          + "<Filter><Tag><Key>replicate</Key><Value>yes</Value></Tag></Filter>"
          + "<Status>Disabled</Status><Destination><Bucket>arn:aws:s3:::other</Bucket>"
          + "</Destination><DeleteMarkerReplication><Status>Disabled</Status>"
          + "</DeleteMarkerReplication></Rule>";

  private static final String LEGACY_RULE =
      "<Rule><ID>legacy-logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status>"
          + "<Destination><Bucket>arn:aws:s3:::archive</Bucket>"
          + "<StorageClass>GLACIER</StorageClass></Destination></Rule>";

  private StubS3Server stub;
  private SdkS3Gateway gateway;
  private final ReplicationControl control = new ReplicationControl();

  @BeforeEach
  void start() {
    stub = new StubS3Server();
    gateway = stub.gateway(Optional.empty());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private static String configuration(String role, String... rules) {
    return "<ReplicationConfiguration"
        + NS
        + "><Role>"
        + role
        + "</Role>"
        + String.join("", rules)
        + "</ReplicationConfiguration>";
  }

  private static ReplicationConfig required(ReplicationSpec.Rule... rules) {
    return new ReplicationControl()
        .desired(
            ControlsSpecBuilder.controls()
                .replication(new ReplicationSpec(ROLE, List.of(rules), null))
                .build())
        .orElseThrow();
  }

  private static ReplicationSpec.Rule ours(int priority) {
    return new ReplicationSpec.Rule("ours", priority, "", REPLICA, null, null, false);
  }

  @Test
  void richRulesOfOthersAreWrittenBackElementForElement() {
    stub.answer("GET", 200, configuration(ROLE, RICH_RULE, TAG_RULE));
    stub.answer("PUT", 200, "");

    Optional<ReplicationConfig> observed = gateway.replication("b");
    ReplicationConfig required = required(ours(1));
    Drift drift = control.diff(required, observed);
    assertThat(drift.hasRemediable()).isTrue();
    BucketSubject subject = BucketSubject.of(gateway, "b");
    control.plan(subject, required, observed).forEach(w -> w.apply(subject));

    List<String> written = rules(putBody());
    assertThat(written).contains(canonical(RICH_RULE), canonical(TAG_RULE));
    assertThat(written).hasSize(3);
  }

  @Test
  void aLegacyRuleIsWrittenBackInTheLegacySchema() {
    stub.answer("GET", 200, configuration(ROLE, LEGACY_RULE));
    stub.answer("PUT", 200, "");

    ReplicationConfig observed = gateway.replication("b").orElseThrow();
    gateway.putReplication("b", observed);

    assertThat(rules(putBody())).containsExactly(canonical(LEGACY_RULE));
  }

  @Test
  void policyRulesBesideLegacyRulesOfOthersNeedAPersonAndNothingIsWritten() {
    stub.answer("GET", 200, configuration(ROLE, LEGACY_RULE));

    Optional<ReplicationConfig> observed = gateway.replication("b");
    Drift drift = control.diff(required(ours(1)), observed);

    assertThat(drift.hasRemediable()).isFalse();
    assertThat(drift.hasNotRemediable()).isTrue();
    assertThat(drift.fields()).anyMatch(f -> f.field().equals("legacyRules"));
  }

  @Test
  void ownRuleKeepsWhatThePolicyDoesNotDeclare() {
    String ownRich = RICH_RULE.replace("tagged-critical", "ours").replace(">5<", ">7<");
    stub.answer("GET", 200, configuration(ROLE, ownRich));
    stub.answer("PUT", 200, "");

    Optional<ReplicationConfig> observed = gateway.replication("b");
    ReplicationConfig required = required(ours(1));
    BucketSubject subject = BucketSubject.of(gateway, "b");
    control.plan(subject, required, observed).forEach(w -> w.apply(subject));

    String rule = rules(putBody()).get(0);
    assertThat(rule)
        .contains("Priority[1]", "ReplicationTime", "Metrics", "Account[444455556666]")
        .contains("AccessControlTranslation", "ExistingObjectReplication")
        .contains("Prefix[]")
        .doesNotContain("Tag");
  }

  private String putBody() {
    return stub.requests().stream()
        .filter(r -> r.method().equals("PUT"))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no PUT was sent"))
        .body();
  }

  /** Each Rule element of a configuration, canonical. */
  private static List<String> rules(String configurationXml) {
    return CanonicalXml.children(configurationXml, "Rule");
  }

  private static String canonical(String ruleXml) {
    return CanonicalXml.canonical(ruleXml, "http://s3.amazonaws.com/doc/2006-03-01/");
  }
}
