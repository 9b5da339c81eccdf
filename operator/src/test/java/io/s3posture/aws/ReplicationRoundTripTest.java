package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.control.ControlsSpecBuilder;
import io.s3posture.control.Drift;
import io.s3posture.control.ReplicationControl;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
    control.remediate(gateway, "b", required, observed);

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
    control.remediate(gateway, "b", required, observed);

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
    Element root = parse(configurationXml);
    List<String> rules = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals("Rule")) {
        rules.add(canonical(e));
      }
    }
    return rules;
  }

  private static String canonical(String ruleXml) {
    return canonical(parse(ruleXml.replace("<Rule>", "<Rule" + NS + ">")));
  }

  /**
   * An element as Name[text] or Name{children}, children sorted: S3 does not care about the order
   * of sibling elements, the SDK writes them in its own order. Tags are leaves of their parent.
   */
  private static String canonical(Element element) {
    List<String> children = new ArrayList<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        children.add(canonical(child));
      }
    }
    if (children.isEmpty()) {
      return element.getLocalName() + "[" + element.getTextContent().trim() + "]";
    }
    return element.getLocalName()
        + children.stream().sorted().collect(Collectors.joining(",", "{", "}"));
  }

  private static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("not XML: " + xml, e);
    }
  }
}
