package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health check (docs/argocd/health.lua, installed through argocd-cm-patch.yaml) run by
 * gopher-lua, the Lua VM Argo CD itself embeds, against sample BucketPolicies and AccountPolicies:
 * {@code obj} is the sample as a Lua table, as Argo CD passes it. An IT because glua comes from the
 * tool cache ({@code make tools}); it needs no API server.
 */
class ArgoHealthCheckIT {

  private static final Path SCRIPT = Path.of("../docs/argocd/health.lua");
  private static final Path CONFIG_MAP_PATCH = Path.of("../docs/argocd/argocd-cm-patch.yaml");
  private static final String KEY_PREFIX = "resource.customizations.health.s3posture.io_";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path work;

  record Sample(String name, String kind, String yaml, String status, String message) {
    @Override
    public String toString() {
      return kind + " " + name + " -> " + status;
    }
  }

  /** staleAfter far ahead: the status is fresh. */
  private static final String FRESH = "staleAfter: \"2999-01-01T00:00:00Z\"\n";

  static Stream<Sample> samples() {
    return Stream.of(
        new Sample(
            "compliant for the current generation",
            "BucketPolicy",
            bucketPolicy(
                3,
                "Enforce",
                """
                observedGeneration: 3
                conditions:
                - {type: Ready, status: "True", reason: AllCompliant, message: all 2 bucket(s) compliant, observedGeneration: 3}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 3}
                buckets: {governed: 2, compliant: 2, corrected: 0, drifted: 0, needsHuman: 0, conflicted: 0, failed: 0, notChecked: 0}
                """
                    + FRESH),
            "Healthy",
            "all 2 bucket(s) compliant"),
        new Sample(
            "not checked yet (no status)",
            "BucketPolicy",
            bucketPolicy(1, "Enforce", null),
            "Progressing",
            "Waiting for the first check"),
        new Sample(
            "the first sweep is under way",
            "BucketPolicy",
            bucketPolicy(
                1,
                "Enforce",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: Unknown, reason: NotChecked, message: first check of 40 bucket(s) under way, observedGeneration: 1}
                - {type: Synced, status: Unknown, reason: Checking, message: checked 12 of 40 bucket(s), observedGeneration: 1}
                - {type: Reconciling, status: "True", reason: NotChecked, message: first check of 40 bucket(s) under way, observedGeneration: 1}
                """),
            "Progressing",
            "Reconciling=True (NotChecked): first check of 40 bucket(s) under way"),
        new Sample(
            "last check is of an older generation",
            "BucketPolicy",
            bucketPolicy(
                4,
                "Enforce",
                """
                observedGeneration: 3
                conditions:
                - {type: Ready, status: "True", reason: AllCompliant, message: all 1 bucket(s) compliant, observedGeneration: 3}
                """),
            "Progressing",
            "Waiting for the check of generation 4 (last checked: 3)"),
        new Sample(
            "a condition of an older generation",
            "BucketPolicy",
            bucketPolicy(
                5,
                "Enforce",
                """
                observedGeneration: 5
                conditions:
                - {type: Ready, status: "True", reason: AllCompliant, message: all 1 bucket(s) compliant, observedGeneration: 4}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 5}
                """),
            "Progressing",
            "Waiting for the conditions of generation 5"),
        new Sample(
            "the checks cannot run (Synced=False)",
            "BucketPolicy",
            bucketPolicy(
                2,
                "Enforce",
                """
                observedGeneration: 2
                conditions:
                - {type: Ready, status: "False", reason: ChecksFailed, message: "nothing could be checked: could not assume role arn:aws:iam::111122223333:role/audit: AccessDenied", observedGeneration: 2}
                - {type: Synced, status: "False", reason: TargetsUnavailable, message: "could not assume role arn:aws:iam::111122223333:role/audit: AccessDenied", observedGeneration: 2}
                - {type: Stalled, status: "True", reason: ChecksFailed, message: "nothing could be checked: could not assume role arn:aws:iam::111122223333:role/audit: AccessDenied", observedGeneration: 2}
                """),
            "Degraded",
            "Stalled=True (ChecksFailed): nothing could be checked: could not assume role"
                + " arn:aws:iam::111122223333:role/audit: AccessDenied"),
        new Sample(
            "a selector that matches nothing",
            "BucketPolicy",
            bucketPolicy(
                1,
                "Enforce",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "False", reason: NoBucketsSelected, message: "no bucket matches spec.buckets: check the names, patterns and tags", observedGeneration: 1}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 1}
                - {type: Stalled, status: "True", reason: NoBucketsSelected, message: "no bucket matches spec.buckets: check the names, patterns and tags", observedGeneration: 1}
                """
                    + FRESH),
            "Degraded",
            "Stalled=True (NoBucketsSelected): no bucket matches spec.buckets: check the names,"
                + " patterns and tags"),
        new Sample(
            "drift reported in Audit mode is information, not an incident",
            "BucketPolicy",
            bucketPolicy(
                1,
                "Audit",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "True", reason: DriftDetected, message: "1 of 1 bucket(s) not compliant: 1 drifted (reported, not corrected: Audit mode)", observedGeneration: 1}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 1}
                findings:
                - {bucket: logs, control: versioning, state: Drifted, expected: Enabled, observed: never enabled}
                """
                    + FRESH),
            "Healthy",
            "1 of 1 bucket(s) not compliant: 1 drifted (reported, not corrected: Audit mode)"),
        new Sample(
            "drift a person must correct, in Enforce mode",
            "BucketPolicy",
            bucketPolicy(
                1,
                "Enforce",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "False", reason: NeedsHuman, message: "1 of 1 bucket(s) not compliant: 1 need a person", observedGeneration: 1}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 1}
                - {type: Stalled, status: "True", reason: NeedsHuman, message: "1 of 1 bucket(s) not compliant: 1 need a person", observedGeneration: 1}
                """
                    + FRESH),
            "Degraded",
            "Stalled=True (NeedsHuman): 1 of 1 bucket(s) not compliant: 1 need a person"),
        new Sample(
            "a plan waiting for approval",
            "BucketPolicy",
            bucketPolicy(
                2,
                "Enforce",
                """
                observedGeneration: 2
                conditions:
                - {type: Ready, status: "False", reason: AwaitingApproval, message: "a plan of 3 write(s) waits for approval", observedGeneration: 2}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 2}
                - {type: Stalled, status: "True", reason: AwaitingApproval, message: "a plan of 3 write(s) waits for approval", observedGeneration: 2}
                """
                    + FRESH),
            "Suspended",
            "Stalled=True (AwaitingApproval): a plan of 3 write(s) waits for approval"),
        new Sample(
            "a status nobody refreshes any more (operator stopped)",
            "BucketPolicy",
            bucketPolicy(
                1,
                "Enforce",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "True", reason: AllCompliant, message: all 1 bucket(s) compliant, observedGeneration: 1}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: buckets are checked, observedGeneration: 1}
                lastCheckTime: "2026-01-01T10:00:00.000Z"
                staleAfter: "2026-01-01T10:30:00Z"
                """),
            "Degraded",
            "No check completed since 2026-01-01T10:00:00.000Z: is the s3-posture-operator"
                + " running?"),
        new Sample(
            "checked, conditions missing",
            "BucketPolicy",
            bucketPolicy(1, "Enforce", "observedGeneration: 1\n"),
            "Progressing",
            "Waiting for the first complete check"),
        new Sample(
            "account compliant",
            "AccountPolicy",
            accountPolicy(
                2,
                "Enforce",
                """
                observedGeneration: 2
                conditions:
                - {type: Ready, status: "True", reason: AllCompliant, message: the account holds every declared setting, observedGeneration: 2}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: the account is checked, observedGeneration: 2}
                publicAccessBlock: {blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true}
                """
                    + FRESH),
            "Healthy",
            "the account holds every declared setting"),
        new Sample(
            "account not checked yet",
            "AccountPolicy",
            accountPolicy(1, "Audit", null),
            "Progressing",
            "Waiting for the first check"),
        new Sample(
            "account drift in Audit mode",
            "AccountPolicy",
            accountPolicy(
                1,
                "Audit",
                """
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "True", reason: DriftDetected, message: "publicAccessBlock: expected blockPublicPolicy=true, observed blockPublicPolicy=false (reported, not corrected: Audit mode)", observedGeneration: 1}
                - {type: Synced, status: "True", reason: CheckSucceeded, message: the account is checked, observedGeneration: 1}
                """
                    + FRESH),
            "Healthy",
            "publicAccessBlock: expected blockPublicPolicy=true, observed blockPublicPolicy=false"
                + " (reported, not corrected: Audit mode)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void healthOfSample(Sample sample) throws IOException {
    String script = configMapPatch().get(KEY_PREFIX + sample.kind());
    assertThat(script).as("argocd-cm key for %s", sample.kind()).isNotNull();

    List<String> result = health(script, YAML.readTree(sample.yaml()));

    assertThat(result).containsExactly(sample.status(), sample.message());
  }

  @Test
  void theConfigMapPatchCarriesTheScriptVerbatimForBothKinds() throws IOException {
    String script = Files.readString(SCRIPT);
    assertThat(configMapPatch())
        .containsOnlyKeys(KEY_PREFIX + "BucketPolicy", KEY_PREFIX + "AccountPolicy")
        .allSatisfy((key, value) -> assertThat(value).as(key).isEqualTo(script));
  }

  private List<String> health(String script, JsonNode object) throws IOException {
    return ArgoHealthScript.run(script, object, work);
  }

  private static Map<String, String> configMapPatch() throws IOException {
    JsonNode data = YAML.readTree(CONFIG_MAP_PATCH.toFile()).path("data");
    Map<String, String> entries = new TreeMap<>();
    data.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
    return entries;
  }

  private static String bucketPolicy(long generation, String mode, String status) {
    return """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata: {name: logs, namespace: team-a, generation: %d}
        spec:
          mode: %s
          buckets: {names: [logs]}
          aws: {region: us-east-1}
          controls: {versioning: {}}
        """
            .formatted(generation, mode)
        + statusBlock(status);
  }

  private static String accountPolicy(long generation, String mode, String status) {
    return """
        apiVersion: s3posture.io/v1alpha1
        kind: AccountPolicy
        metadata: {name: production, generation: %d}
        spec:
          mode: %s
          aws: {region: us-east-1, accountId: "111122223333"}
          publicAccessBlock: {}
        """
            .formatted(generation, mode)
        + statusBlock(status);
  }

  private static String statusBlock(String status) {
    return status == null ? "" : "status:\n" + status.indent(2);
  }
}
