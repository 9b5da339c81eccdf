package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (helm/.../files/prometheus-rules.yaml) pass {@code promtool check rules} and
 * their unit tests ({@code promtool test rules}, src/test/resources/promtool/alerts-test.yaml);
 * every alert is tested firing and not firing, and has a severity, a summary, a description and a
 * runbook section in docs/alerts.md, linked by an absolute runbook_url. promtool comes from {@code
 * make tools}.
 */
class PrometheusRulesTest {

  private static final Path UNIT_TESTS =
      Path.of("src", "test", "resources", "promtool", "alerts-test.yaml");
  private static final Path RUNBOOKS = Path.of("..", "docs", "alerts.md");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    String output = Promtool.run("check", "rules", MonitoringFiles.RULES.toString());
    assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void theRulesPassTheirPromtoolUnitTests() throws Exception {
    assertThat(Promtool.run("test", "rules", UNIT_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(UNIT_TESTS.toFile());
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        (check.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
      }
    }
    assertThat(firing).as("alerts tested firing").containsAll(alertNames());
    assertThat(silent).as("alerts tested not firing").containsAll(alertNames());
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndRunbook() throws IOException {
    String runbooks = Files.readString(RUNBOOKS, StandardCharsets.UTF_8);
    for (JsonNode alert : alerts()) {
      String name = alert.path("alert").asText();
      assertThat(alert.path("labels").path("severity").asText()).as(name).isIn(SEVERITIES);
      assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("runbook_url").asText())
          .as(name + ": runbook_url relative to the repository, as the chart keeps it by default")
          .isEqualTo("docs/alerts.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(alert.path("annotations").has("runbook")).as(name).isFalse();
      assertThat(runbooks)
          .as("docs/alerts.md has a section for " + name)
          .contains("\n## " + name + "\n");
    }
  }

  /** docs/metrics.md and docs/alerts.md list every alert of the rule file, with its severity. */
  @Test
  void theAlertTablesOfTheDocsListEveryRuleWithItsSeverity() throws IOException {
    Path docs = RUNBOOKS.getParent();
    for (String file : List.of("metrics.md", "alerts.md")) {
      String table = Files.readString(docs.resolve(file), StandardCharsets.UTF_8);
      List<String> rows =
          table.lines().filter(line -> line.matches("^\\| `?\\[?S3Posture\\w+.*")).toList();
      for (JsonNode alert : alerts()) {
        String name = alert.path("alert").asText();
        String severity = alert.path("labels").path("severity").asText();
        assertThat(rows)
            .as("docs/%s has a row for %s with severity %s", file, name, severity)
            .anyMatch(
                row ->
                    row.matches("^\\| `?\\[?" + name + "\\b.*")
                        && row.contains("| " + severity + " |"));
      }
      assertThat(rows).as("docs/%s: one row per alert, no more", file).hasSize(alerts().size());
    }
  }

  @Test
  void theChartKeepsTheRelativeRunbookLinksByDefault() throws IOException {
    assertThat(
            new ObjectMapper(new YAMLFactory())
                .readTree(MonitoringFiles.CHART.resolve("values.yaml").toFile())
                .path("prometheusRule")
                .path("runbookBaseUrl")
                .asText())
        .as("no default URL the project does not publish")
        .isEmpty();
  }

  private static List<JsonNode> alerts() {
    return MonitoringFiles.ruleList(MonitoringFiles.rules()).stream()
        .filter(rule -> rule.has("alert"))
        .toList();
  }

  private static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    alerts().forEach(alert -> names.add(alert.path("alert").asText()));
    return names;
  }
}
