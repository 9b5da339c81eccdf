package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.s3posture.status.ConditionFactory;
import io.s3posture.status.ConditionReason;
import io.s3posture.status.ConditionType;
import io.s3posture.status.GitOpsVerdict;
import io.s3posture.status.PolicyHealth;
import io.s3posture.status.PolicyHealthTest;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.ToolBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools users run agree on every row of {@link PolicyHealth}: a policy whose status the
 * operator builds for the row is judged by the real kstatus (sigs.k8s.io/cli-utils, as kpt and
 * Config Sync use it, and Flux's fork, which also reads Ready) and by the shipped Argo CD script in
 * glua, and each says what the README's table says.
 */
class GitOpsHealthIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void kstatusTheArgoCdScriptAndTheTableAgreeOnEveryRow() throws IOException {
    List<PolicyHealth.Evidence> cases = PolicyHealthTest.cases();
    ArrayNode objects = JSON.createArrayNode();
    for (PolicyHealth.Evidence evidence : cases) {
      objects.add(policy(evidence));
    }

    Path input = Files.writeString(work.resolve("objects.json"), JSON.writeValueAsString(objects));
    List<String> kstatus =
        CommandResult.run(
                work, 60, List.of(ToolBinary.require("kstatus").toString(), input.toString()))
            .successfulOutput()
            .lines()
            .toList();
    List<String> argo = new ArrayList<>();
    String script = Files.readString(ArgoHealthScript.SCRIPT);
    for (JsonNode object : objects) {
      argo.add(argoHealth(script, object));
    }

    assertThat(kstatus).hasSize(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      PolicyHealth.Row row = PolicyHealth.row(cases.get(i));
      String expected = GitOpsVerdict.kstatus(row);
      assertThat(kstatus.get(i))
          .as("row %d (%s): kstatus upstream and Flux's", i + 1, row.when())
          .isEqualTo(expected + " " + expected);
      assertThat(argo.get(i))
          .as("row %d (%s): Argo CD", i + 1, row.when())
          .isEqualTo(GitOpsVerdict.argo(row));
    }
  }

  /** A BucketPolicy of the current generation whose conditions are what the operator builds. */
  private static ObjectNode policy(PolicyHealth.Evidence evidence) {
    ConditionFactory factory =
        new ConditionFactory(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    Condition synced =
        factory.build(ConditionType.Synced, true, ConditionReason.CheckSucceeded, "", 2, List.of());
    ObjectNode policy = JSON.createObjectNode();
    policy.put("apiVersion", "s3posture.io/v1alpha1").put("kind", "BucketPolicy");
    policy.putObject("metadata").put("name", "p").put("namespace", "ns").put("generation", 2);
    policy.putObject("spec").put("mode", "Enforce");
    ObjectNode status = policy.putObject("status");
    status.put("observedGeneration", 2).put("staleAfter", "2999-01-01T00:00:00Z");
    status.set(
        "conditions",
        JSON.valueToTree(PolicyHealth.conditions(factory, evidence, synced, 2, List.of())));
    return policy;
  }

  private String argoHealth(String script, JsonNode object) throws IOException {
    return ArgoHealthScript.run(script, object, work).get(0);
  }
}
