package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3posture plan}: the writes a policy would make, never made, with the hash the operator
 * shows for the same policy under approval: Manual.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String prefix = TestStack.uniqueBucketName("plan-cli");
  @TempDir static Path dir;

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("plan-cli").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private String manifest;
  private Path file;

  @BeforeAll
  void bucketsAndPolicy() throws IOException {
    for (String bucket : new String[] {prefix + "-a", prefix + "-b", prefix + "-c"}) {
      stack.seeder().create(bucket);
    }
    stack.seeder().website(prefix + "-b", "index.html");
    manifest =
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata:
          name: rollout
          namespace: %s
        spec:
          buckets:
            selector:
              namePatterns: ["%s-*"]
          aws:
            region: us-east-1
            endpoint: %s
          controls:
            versioning: {}
            websiteDisabled: {}
            aclsDisabled: {mode: Audit}
          exemptions:
            - buckets: ["%s-c"]
              controls: [versioning]
              reason: scratch data, deleted weekly
              owner: data-team
              expires: "%s"
          enforcement:
            approval: Manual
        """
            .formatted(
                namespace,
                prefix,
                stack.moto().endpoint(),
                prefix,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
    file = dir.resolve("rollout.yaml");
    Files.writeString(file, manifest);
  }

  @Test
  void listsEveryWriteInOrderWritesNothingAndHashesAsTheOperatorDoes() throws IOException {
    Run run = Run.of("--policy", file.toString(), "--output", "json");

    assertThat(run.exitCode).as(run.err).isEqualTo(1);
    JsonNode plan = JSON.readTree(run.out);
    assertThat(plan.path("bucketsChecked").asInt()).isEqualTo(3);
    assertThat(plan.path("writes").asInt()).isEqualTo(3);
    assertThat(plan.path("entries").findValuesAsText("bucket"))
        .containsExactly(prefix + "-a", prefix + "-b", prefix + "-b");
    assertThat(plan.path("entries").findValuesAsText("control"))
        .as("exempt and Audit controls plan nothing")
        .containsExactly("versioning", "versioning", "websiteDisabled");
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(prefix + "-a")).statusAsString())
        .isNull();
    assertThat(stack.s3().getBucketWebsite(r -> r.bucket(prefix + "-b")).indexDocument())
        .isNotNull();

    Policies policies = running.policies();
    BucketPolicy applied = policies.apply(manifest);
    BucketPolicy planned =
        policies.awaitStatus(
            applied,
            p -> p.getStatus().plan() != null && p.getStatus().buckets().notChecked() == 0);
    assertThat(planned.getStatus().plan().hash()).isEqualTo(plan.path("hash").asText());
    policies.delete(planned);
  }

  @Test
  void theTableNamesTheHashAndHowToApproveIt() {
    Run run = Run.of("--policy", file.toString());

    assertThat(run.out)
        .contains("3 write(s) to 2 of 3 bucket(s) checked")
        .contains(prefix + "-b websiteDisabled DeleteBucketWebsite")
        .contains(
            "Approve it with: kubectl annotate bucketpolicy rollout -n "
                + namespace
                + " s3posture.io/approve-plan=");
  }

  @Test
  void asEnforcePreviewsWhatAnAuditPolicyWouldWriteAfterTheSwitch() throws IOException {
    Path audit = dir.resolve("rollout-audit.yaml");
    Files.writeString(audit, manifest.replace("spec:\n", "spec:\n  mode: Audit\n"));

    Run asAudit = Run.of("--policy", audit.toString());
    Run asEnforce = Run.of("--policy", audit.toString(), "--as-enforce");
    Run enforce = Run.of("--policy", file.toString());

    assertThat(asAudit.exitCode).as(asAudit.err).isZero();
    assertThat(asAudit.out).contains("Nothing to write: 3 bucket(s) checked.");
    assertThat(asAudit.err).contains("Audit mode", "--as-enforce");
    assertThat(asEnforce.exitCode).as(asEnforce.err).isEqualTo(1);
    assertThat(asEnforce.out)
        .contains("(as if spec.mode were Enforce): 3 write(s) to 2 of 3 bucket(s) checked")
        .contains("set spec.mode: Enforce and spec.enforcement.approval: Manual")
        .contains("kubectl annotate bucketpolicy rollout -n " + namespace);
    assertThat(hash(asEnforce.out))
        .as("the hash the operator computes once the policy says Enforce")
        .isEqualTo(hash(enforce.out));
  }

  private static String hash(String table) {
    Matcher m = Pattern.compile("Plan (\\w+)").matcher(table);
    assertThat(m.find()).as(table).isTrue();
    return m.group(1);
  }

  @Test
  void nothingToWriteExitsZero() {
    Run run = Run.of("--policy", file.toString(), "--bucket", prefix + "-c");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("Nothing to write: 1 bucket(s) checked.");
  }

  @Test
  void aBucketThatCannotBeReadMakesThePlanIncomplete() {
    Run run = Run.of("--policy", file.toString(), "--bucket", prefix + "-missing-xyz");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains(prefix + "-missing-xyz", "incomplete");
  }

  @Test
  void auditOptionsAreRejectedWithAMessage() {
    Run run = Run.of("--policy", file.toString(), "--fail-on", "high");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--fail-on is an audit option");
  }

  private record Run(int exitCode, String out, String err) {
    static Run of(String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          PlanCommand.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
