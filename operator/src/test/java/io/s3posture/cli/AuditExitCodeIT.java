package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes 0, 1 and 2, in this JVM and from the real jar as a process. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditExitCodeIT {

  private static final Map<String, String> MOTO_CREDENTIALS =
      Map.of(
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");

  private final String privateBucket = TestStack.uniqueBucketName("audit-exit-private");
  private final String exposed = TestStack.uniqueBucketName("audit-exit-exposed");
  @TempDir static Path dir;
  private String endpoint;
  private Path noPublicAclPolicy;

  @BeforeAll
  void buckets(TestStack stack) throws IOException {
    stack.s3().createBucket(r -> r.bucket(privateBucket));
    BucketStates.exposed(stack.seeder(), exposed);
    endpoint = stack.moto().endpoint().toString();
    noPublicAclPolicy = dir.resolve("no-public-acl.yaml");
    Files.writeString(
        noPublicAclPolicy,
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata: {name: no-public-acl}
        spec:
          buckets: {names: [%s]}
          aws: {region: us-east-1, endpoint: %s}
          controls: {noPublicAcl: {}}
        """
            .formatted(privateBucket, endpoint));
  }

  @Test
  void zeroWhenEveryCheckPasses() {
    AuditRun run = AuditRun.inProcess("--policy", noPublicAclPolicy.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
    assertThat(run.stdout()).contains("result: PASS (fail-on low, exit code 0)");
  }

  @Test
  void oneWhenAFindingReachesTheThreshold() {
    AuditRun run =
        AuditRun.inProcess("--policy", noPublicAclPolicy.toString(), "--bucket", exposed);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
  }

  @Test
  void theThresholdDecidesWhichFindingsFail() {
    String[] exposedOnly = {"--bucket", exposed, "--endpoint", endpoint, "--output", "json"};

    assertThat(AuditRun.inProcess(AuditRun.concat(exposedOnly, "--fail-on", "critical")).exitCode())
        .as("public ACL and policy are critical")
        .isEqualTo(1);
    assertThat(AuditRun.inProcess(AuditRun.concat(exposedOnly, "--fail-on", "none")).exitCode())
        .isEqualTo(0);
  }

  @Test
  void twoForUsageErrors() {
    AuditRun both = AuditRun.inProcess("--all", "--bucket", exposed);
    AuditRun unknown = AuditRun.inProcess("--bucket", exposed, "--colour");
    AuditRun noPolicy = AuditRun.inProcess("--policy", dir.resolve("missing.yaml").toString());

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr()).contains("--bucket and --all cannot be combined");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown option --colour");
    assertThat(noPolicy.exitCode()).isEqualTo(2);
    assertThat(noPolicy.stderr()).contains("the policy file").contains("does not exist");
  }

  @Test
  void twoWhenTheEndpointCannotBeReached() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AuditRun run = AuditRun.inProcess("--all", "--endpoint", "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("cannot list the buckets: ListBuckets failed");
    assertThat(run.stdout()).contains("no bucket was checked: cannot list the buckets");
  }

  @Test
  void aFailedListingStillPrintsAValidJsonAndSarifReportSayingSo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closedPort;
    AuditRun json = AuditRun.inProcess("--all", "--endpoint", endpoint, "--output", "json");
    AuditRun sarif = AuditRun.inProcess("--all", "--endpoint", endpoint, "--output", "sarif");

    assertThat(json.exitCode()).isEqualTo(2);
    AuditJsonStructure.assertValid(json.json());
    assertThat(json.json().path("result").asText()).isEqualTo("error");
    assertThat(json.json().path("error").path("message").asText())
        .startsWith("cannot list the buckets: ListBuckets failed");
    assertThat(sarif.exitCode()).isEqualTo(2);
    SarifSchemaTest.assertValidForGitHub(sarif.json());
    assertThat(
            sarif.json().path("runs").get(0).path("invocations").get(0).path("executionSuccessful"))
        .isEqualTo(BooleanNode.FALSE);
  }

  @Test
  void theJarExitsOneWithTheJsonReportOnStdout() {
    AuditRun run =
        AuditRun.jar(
            MOTO_CREDENTIALS, "--bucket", exposed, "--endpoint", endpoint, "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.bucket(exposed).path("status").asText()).isEqualTo("fail");
    assertThat(run.json().path("tool").path("version").asText())
        .as("from the jar's pom.properties")
        .matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(run.stderr()).as("log lines never reach stdout").doesNotContain("INFO");
  }

  @Test
  void theJarExitsTwoWithoutCredentials() {
    AuditRun run =
        AuditRun.jar(
            Map.of("AWS_REGION", "us-east-1"), "--bucket", exposed, "--endpoint", endpoint);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("audit: no access: no AWS credentials found: set AWS_ACCESS_KEY_ID")
        .doesNotContain("Unable to load credentials");
    assertThat(run.stderr().lines().filter(l -> l.startsWith("audit: no access")).findFirst())
        .hasValueSatisfying(line -> assertThat(line).hasSizeLessThan(400));
    assertThat(occurrences(run.stdout(), "no AWS credentials found"))
        .as("the report says it once, not once per bucket and check:%n%s", run.stdout())
        .isEqualTo(1);
    assertThat(occurrences(run.stderr(), "no AWS credentials found")).isEqualTo(1);
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void theJarUsesANamedProfile() throws IOException {
    Path credentials = dir.resolve("credentials");
    Files.writeString(
        credentials,
        """
        [auditor]
        aws_access_key_id = auditor
        aws_secret_access_key = auditor
        """);
    Path config = dir.resolve("config");
    Files.writeString(config, "[profile auditor]\nregion = us-east-1\n");

    AuditRun run =
        AuditRun.jar(
            Map.of(
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                "AWS_CONFIG_FILE", config.toString()),
            "--profile",
            "auditor",
            "--policy",
            noPublicAclPolicy.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
  }

  @Test
  void theJarPrintsHelp() {
    AuditRun run = AuditRun.jar(Map.of(), "--help");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stdout()).contains("usage: s3posture audit").contains("exit codes");
  }
}
