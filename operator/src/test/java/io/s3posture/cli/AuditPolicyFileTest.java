package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ManagedControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditPolicyFileTest {

  private static final String POLICY =
      """
      apiVersion: s3posture.io/v1alpha1
      kind: BucketPolicy
      metadata:
        name: payments
        namespace: team
      spec:
        mode: Enforce
        buckets:
          names: [invoices]
          selector: {namePatterns: ["pay-*"], tags: {team: payments}}
        aws:
          region: eu-west-1
          accountId: "111122223333"
          roleArn: arn:aws:iam::111122223333:role/auditor
          endpoint: http://127.0.0.1:5000
        controls:
          publicAccessBlock: {}
          versioning: {mfaDelete: Required, mode: Enforce}
          tlsOnly: {}
      """;

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void thePolicysControlsAllAuditedWhateverTheirMode() throws IOException {
    PolicyFile file = PolicyFile.load(write(POLICY));
    Posture posture = file.posture(ControlCatalog.standard());

    assertThat(posture.name()).isEqualTo("BucketPolicy team/payments");
    assertThat(posture.controls())
        .extracting(ManagedControl::name)
        .containsExactly(
            ControlName.of("publicAccessBlock"),
            ControlName.of("versioning"),
            ControlName.of("tlsOnly"));
    assertThat(posture.controls()).extracting(ManagedControl::mode).containsOnly(Mode.Audit);
    assertThat(posture.checks())
        .containsExactly(
            Checks.PUBLIC_ACCESS_BLOCK, Checks.VERSIONING, Checks.MFA_DELETE, Checks.TLS_ONLY);
    assertThat(posture.accountControls()).isEmpty();
    assertThat(posture.defaultFailOn()).isEqualTo(FailOn.LOW);
  }

  @Test
  void theControlsLeftOutOfTheBaselineAreAuditedFromAPolicyWithTheirOwnChecks() throws IOException {
    Path file =
        write(
            """
            apiVersion: s3posture.io/v1alpha1
            kind: BucketPolicy
            metadata: {name: defences}
            spec:
              buckets: {names: [invoices]}
              aws: {region: eu-west-1, accountId: "111122223333"}
              controls:
                encryption:
                  algorithm: SSE-KMS
                  kmsKeyArn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                blockSseC: {}
                denyUnapprovedKmsKeys: {}
                tlsOnly: {minimumTlsVersion: "1.2"}
                vpcEndpointOnly: {endpoints: [vpce-1a2b3c4d], mode: Enforce}
                noExternalAccess: {allowedOrganizations: [o-a1b2c3d4e5]}
            """);

    Posture posture = PolicyFile.load(file).posture(ControlCatalog.standard());

    assertThat(posture.checks())
        .extracting(AuditCheck::id)
        .containsExactly(
            "encryption",
            "blockSseC",
            "tlsOnly",
            "denyUnapprovedKmsKeys",
            "vpcEndpointOnly",
            "noExternalAccess");
    assertThat(posture.checks())
        .extracting(check -> check.severity().label())
        .containsExactly("high", "medium", "medium", "medium", "medium", "high");
    assertThat(posture.controls())
        .as("the audit never writes, whatever a control's own mode says")
        .extracting(ManagedControl::mode)
        .containsOnly(Mode.Audit);
  }

  @Test
  void bucketsAndAwsComeFromTheSpec() throws IOException {
    PolicyFile file = PolicyFile.load(write(POLICY));

    assertThat(file.buckets().orElseThrow().names()).containsExactly("invoices");
    assertThat(file.buckets().orElseThrow().selector().namePatterns()).containsExactly("pay-*");
    assertThat(file.aws().region()).isEqualTo("eu-west-1");
    assertThat(file.aws().accountId()).isEqualTo("111122223333");
    assertThat(file.aws().endpoint()).isEqualTo("http://127.0.0.1:5000");
  }

  @Test
  void theCommandLineOverridesSpecAws() throws IOException {
    PolicyFile file = PolicyFile.load(write(POLICY));
    AuditOptions options =
        new AuditOptionsParser()
            .parse(
                new String[] {
                  "--policy", "p", "--account-id", "123456789012", "--endpoint", "http://x:1"
                });

    var aws = AuditConnection.awsSpec(options, Optional.of(file.aws()), Optional.of("us-west-2"));

    assertThat(aws.region()).isEqualTo("us-west-2");
    assertThat(aws.accountId()).isEqualTo("123456789012");
    assertThat(aws.roleArn()).isEqualTo("arn:aws:iam::111122223333:role/auditor");
    assertThat(aws.endpoint()).isEqualTo("http://x:1");
  }

  @Test
  void rejectsWhatTheApiServerRefusesWithItsMessages() throws IOException {
    assertThatThrownBy(
            () -> PolicyFile.load(write(POLICY.replace("kind: BucketPolicy", "kind: X"))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not a BucketPolicy manifest");
    assertThatThrownBy(() -> PolicyFile.load(write(POLICY.replace("tlsOnly: {}", "tlsOnyl: {}"))))
        .hasMessageEndingWith(
            "policy.yaml: BucketPolicy in version \"v1alpha1\" cannot be handled as a"
                + " BucketPolicy: strict decoding error: unknown field \"spec.controls.tlsOnyl\"");
    assertThatThrownBy(() -> PolicyFile.load(write(POLICY.replace("namePatterns", "namePattern"))))
        .hasMessageContaining("unknown field \"spec.buckets.selector.namePattern\"");
    assertThatThrownBy(() -> PolicyFile.load(write(POLICY.replace("region: eu-west-1", ""))))
        .hasMessageEndingWith(
            "policy.yaml: The BucketPolicy \"payments\" is invalid:\n"
                + "* spec.aws.region: Required value\n"
                + "* <nil>: Invalid value: null: some validation rules were not checked because"
                + " the object was invalid; correct the existing errors to complete validation");
    assertThatThrownBy(
            () -> PolicyFile.load(write(POLICY.replace("mode: Enforce\n", "mode: Sometimes\n"))))
        .hasMessageContaining(
            "spec.mode: Unsupported value: \"Sometimes\": supported values: \"Audit\","
                + " \"Enforce\"");
    assertThatThrownBy(() -> PolicyFile.load(dir.resolve("absent.yaml")))
        .hasMessage("the policy file " + dir.resolve("absent.yaml") + " does not exist");
    assertThatThrownBy(() -> PolicyFile.load(dir))
        .hasMessage("the policy file " + dir + " is a directory, not a file");
  }

  @Test
  void aYamlErrorIsOneLineWithWhereItIs() throws IOException {
    assertThatThrownBy(
            () -> PolicyFile.load(write("kind: BucketPolicy\nspec:\n  controls: {a: b\n")))
        .isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .hasMessageMatching(".*policy\\.yaml:\\d+:\\d+: not valid YAML: .+");
  }

  @Test
  void anEmptyPublicAccessBlockRequiresAllFourFlagsAsTheOperatorDoes() throws IOException {
    PolicyFile file = PolicyFile.load(write(POLICY));

    var block = file.policy().getSpec().controls().publicAccessBlock();
    assertThat(block.blockPublicAcls()).isTrue();
    assertThat(block.ignorePublicAcls()).isTrue();
    assertThat(block.blockPublicPolicy()).isTrue();
    assertThat(block.restrictPublicBuckets()).isTrue();
  }

  @Test
  void knowsTheLineOfEachControl() throws IOException {
    PolicyFile file = PolicyFile.load(write(POLICY));

    assertThat(file.lineOf("publicAccessBlock")).isEqualTo(17);
    assertThat(file.lineOf("tlsOnly")).isEqualTo(19);
    assertThat(file.lineOf("encryption")).as("absent: spec.controls").isEqualTo(16);
  }
}
