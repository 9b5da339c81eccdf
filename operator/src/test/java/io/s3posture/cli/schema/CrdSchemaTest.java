package io.s3posture.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI reads manifests as the API server does, from the bundled CRDs: every schema test manifest
 * gets the verdict and the message its "# expect:" lines name (CrdSchemaIT checks the same
 * manifests on the real API server, AuditPolicySchemaIT compares the two answers).
 */
class CrdSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> invalid() {
    return Manifests.invalid();
  }

  static Stream<Path> valid() {
    return Manifests.valid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidManifestIsRefusedWithTheApiServersMessage(Path manifest) {
    JsonNode yaml = Manifests.read(manifest);
    Admission admission = Manifests.schemaFor(yaml).admit(yaml);

    assertThat(admission.accepted()).as(manifest + " is refused").isFalse();
    assertThat(admission.serverMessage()).contains(Manifests.expectations(manifest));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validManifestIsAccepted(Path manifest) {
    JsonNode yaml = Manifests.read(manifest);
    Admission admission = Manifests.schemaFor(yaml).admit(yaml);

    assertThat(admission.errors()).isEmpty();
    assertThat(admission.unknownFields()).isEmpty();
    assertThat(admission.accepted()).isTrue();
  }

  @Test
  void everyBundledCrdLoadsWithEveryRuleCompiled() {
    // a schema keyword, format or CEL function the reader does not implement fails here first
    assertThat(CrdSchema.of(BucketPolicy.class).apiVersion()).isEqualTo("s3posture.io/v1alpha1");
    assertThat(CrdSchema.of(AccountPolicy.class).kind()).isEqualTo("AccountPolicy");
  }

  @Test
  void emptyPublicAccessBlockDefaultsEveryFlagToTrue() throws Exception {
    JsonNode stored = admitted("controls: {publicAccessBlock: {}}");

    assertThat(stored.at("/spec/controls/publicAccessBlock"))
        .isEqualTo(
            YAML.readTree(
                "{blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true,"
                    + " restrictPublicBuckets: true}"));
    assertThat(stored.at("/spec/mode").asText()).isEqualTo("Enforce");
    assertThat(stored.at("/spec/resyncInterval").asText()).isEqualTo("10m");
  }

  @Test
  void defaultsReachIntoListItemsAndKeepWhatIsGiven() throws Exception {
    JsonNode stored =
        admitted(
            "controls:\n"
                + "  publicAccessBlock: {blockPublicPolicy: false}\n"
                + "  versioning: {}\n"
                + "  replication:\n"
                + "    role: arn:aws:iam::111122223333:role/r\n"
                + "    rules: [{id: a, destinationBucketArn: 'arn:aws:s3:::dr-bucket'}]\n");

    assertThat(stored.at("/spec/controls/publicAccessBlock/blockPublicPolicy").asBoolean())
        .isFalse();
    assertThat(stored.at("/spec/controls/versioning/status").asText()).isEqualTo("Enabled");
    assertThat(stored.at("/spec/controls/replication/rules/0/priority").asInt()).isZero();
    assertThat(stored.at("/spec/controls/replication/rules/0/deleteMarkerReplication").asBoolean())
        .isFalse();
    assertThat(stored.at("/spec/controls/replication/rules/0").has("prefix"))
        .as("default: null is no default")
        .isFalse();
  }

  @Test
  void unknownFieldsAreRefusedAsStrictFieldValidationDoes() throws Exception {
    Admission admission =
        admit("controls: {publicAccesBlock: {}, versioning: {status: Enabled, mfa: on}}");

    assertThat(admission.accepted()).isFalse();
    assertThat(admission.serverMessage())
        .isEqualTo(
            "BucketPolicy in version \"v1alpha1\" cannot be handled as a BucketPolicy: strict"
                + " decoding error: unknown field \"spec.controls.publicAccesBlock\","
                + " unknown field \"spec.controls.versioning.mfa\"");
  }

  @Test
  void aTypeErrorStopsTheRulesAsOnTheServer() throws Exception {
    Admission admission = admit("resyncInterval: 5\ncontrols: {versioning: {}}");

    assertThat(admission.errors())
        .map(FieldError::toString)
        .containsExactly(
            "spec.resyncInterval: Invalid value: \"integer\": spec.resyncInterval in body must"
                + " be of type string: \"integer\"",
            "<nil>: Invalid value: null: some validation rules were not checked because the"
                + " object was invalid; correct the existing errors to complete validation");
  }

  @Test
  void messagesOfLimitsAreTheServers() throws Exception {
    Admission admission =
        admit(
            "controls:\n"
                + "  versioning: {}\n"
                + "  objectLock: {defaultRetention: {mode: Governance, days: 0}}\n"
                + "  accessLogging: {targetBucket: ab}\n");

    assertThat(admission.errors())
        .map(FieldError::toString)
        .contains(
            "spec.controls.objectLock.defaultRetention.days: Invalid value: 0:"
                + " spec.controls.objectLock.defaultRetention.days in body should be greater"
                + " than or equal to 1",
            "spec.controls.accessLogging.targetBucket: Invalid value: \"ab\":"
                + " spec.controls.accessLogging.targetBucket in body should be at least 3 chars"
                + " long");
  }

  @Test
  void aMissingNameIsRefused() throws Exception {
    JsonNode manifest = manifest("controls: {versioning: {}}");
    ((ObjectNode) manifest).remove("metadata");

    assertThat(CrdSchema.of(BucketPolicy.class).admit(manifest).serverMessage())
        .contains("metadata.name: Required value: name or generateName is required");
  }

  private static JsonNode admitted(String specTail) throws Exception {
    Admission admission = admit(specTail);
    assertThat(admission.errors()).isEmpty();
    return admission.object().orElseThrow();
  }

  private static Admission admit(String specTail) throws Exception {
    return CrdSchema.of(BucketPolicy.class).admit(manifest(specTail));
  }

  private static JsonNode manifest(String specTail) throws Exception {
    String indented = ("  " + specTail.strip()).replace("\n", "\n  ");
    return YAML.readTree(
        "apiVersion: s3posture.io/v1alpha1\n"
            + "kind: BucketPolicy\n"
            + "metadata: {name: p}\n"
            + "spec:\n"
            + "  buckets: {names: [my-bucket]}\n"
            + "  aws: {region: us-east-1}\n"
            + indented
            + "\n");
  }
}
