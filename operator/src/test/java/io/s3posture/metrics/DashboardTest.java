package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard (helm/.../dashboards/s3-posture-operator.json) imports anywhere: its data
 * source is a variable, it filters by namespace and policy, panels do not overlap, and it has the
 * panels the README promises. Whether its metrics exist is DashboardMetricsIT's job.
 */
class DashboardTest {

  private static final String DATASOURCE = "${datasource}";
  private final JsonNode dashboard = MonitoringFiles.dashboard();

  @Test
  void theDataSourceIsAPrometheusVariable() {
    JsonNode variable = variable("datasource");
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(dashboard.path("uid").asText()).isEqualTo("s3-posture-operator");
    for (JsonNode panel : queryPanels()) {
      String title = panel.path("title").asText();
      assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
      assertThat(panel.path("targets")).as(title).isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
        assertThat(target.path("expr").asText()).as(title).isNotBlank();
        assertThat(refIds.add(target.path("refId").asText())).as(title + " refIds").isTrue();
      }
    }
  }

  @Test
  void namespaceAndPolicyAreMultiValueVariablesUsedByTheQueries() {
    for (String name : List.of("namespace", "policy")) {
      JsonNode variable = variable(name);
      assertThat(variable.path("type").asText()).isEqualTo("query");
      assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
      assertThat(variable.path("multi").asBoolean()).isTrue();
      assertThat(variable.path("includeAll").asBoolean()).isTrue();
      assertThat(variable.path("allValue").asText()).isEqualTo(".*");
      assertThat(MonitoringFiles.dashboardExpressions(dashboard))
          .anyMatch(expr -> expr.contains(name + "=~\"$" + name + "\""));
    }
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() {
    List<JsonNode> panels = MonitoringFiles.panels(dashboard);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.path("id").asInt())).as("id of " + panel.path("title")).isTrue();
    }
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
            .as(panels.get(i).path("title") + " and " + panels.get(j).path("title"))
            .isFalse();
      }
    }
  }

  @Test
  void hasThePanelsTheDocsDescribe() {
    assertThat(queryPanels())
        .extracting(panel -> panel.path("title").asText())
        .contains(
            "Buckets by state",
            "Compliance per policy",
            "Drifted buckets",
            "Drift detected vs corrected (per hour)",
            "Remediation failures by reason (per hour)",
            "AWS calls by outcome",
            "Throttled share of AWS calls",
            "AWS call latency p95 by operation",
            "Check duration",
            "Staleness (time since last successful check / resync interval)",
            "Account Block Public Access",
            "Change event queues receiving",
            "Change events by outcome (per minute)",
            "Change event to check done",
            "Bucket checks by trigger (per minute)");
  }

  /**
   * promtool parses every query, as recording rules with Grafana's variables filled in ({@code
   * $__rate_interval} as 5m, the filters as {@code .*}).
   */
  @Test
  void everyQueryIsValidPromQl(@TempDir Path dir) throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> exprs = MonitoringFiles.dashboardExpressions(dashboard);
    for (int i = 0; i < exprs.size(); i++) {
      String expr =
          exprs
              .get(i)
              .replace("$__rate_interval", "5m")
              .replace("$__interval", "1m")
              .replace("$__range", "1h")
              .replaceAll("\\$(namespace|policy|job)\\b", ".*");
      rules
          .append("      - record: dashboard:query_")
          .append(i)
          .append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(expr))
          .append('\n');
    }
    Path file = dir.resolve("dashboard-queries.yaml");
    Files.writeString(file, rules);
    assertThat(Promtool.run("check", "rules", file.toString()))
        .contains("SUCCESS: " + exprs.size() + " rules found");
  }

  private JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no dashboard variable " + name);
  }

  private List<JsonNode> queryPanels() {
    return MonitoringFiles.panels(dashboard).stream()
        .filter(panel -> !"row".equals(panel.path("type").asText()))
        .toList();
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
