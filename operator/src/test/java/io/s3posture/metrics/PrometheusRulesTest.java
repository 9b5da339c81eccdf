package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.s3posture.localstack.StackTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (helm/.../files/prometheus-rules.yaml) pass {@code promtool check rules} and
 * their unit tests ({@code promtool test rules}, src/test/resources/promtool/alerts-test.yaml);
 * every alert is tested firing and not firing, and has a severity, a summary, a description and a
 * runbook section in docs/alerts.md. promtool comes from {@code make tools}.
 */
class PrometheusRulesTest {

  private static final Path UNIT_TESTS =
      Path.of("src", "test", "resources", "promtool", "alerts-test.yaml");
  private static final Path RUNBOOKS = Path.of("..", "docs", "alerts.md");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    String output = promtool("check", "rules", MonitoringFiles.RULES.toString());
    assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void theRulesPassTheirPromtoolUnitTests() throws Exception {
    assertThat(promtool("test", "rules", UNIT_TESTS.toString())).contains("SUCCESS");
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
      assertThat(alert.path("annotations").path("runbook").asText())
          .as(name)
          .isEqualTo("docs/alerts.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(runbooks)
          .as("docs/alerts.md has a section for " + name)
          .contains("\n## " + name + "\n");
    }
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

  /** Runs promtool; its output, or an AssertionError with the output when it fails. */
  private static String promtool(String... args) throws IOException, InterruptedException {
    Path promtool = StackTools.defaultBinDir().resolve("promtool");
    if (!Files.isExecutable(promtool)) {
      throw new AssertionError(
          "promtool not found at "
              + promtool
              + ": run `make tools` (it builds promtool from the Go module proxy) or set "
              + StackTools.TOOLS_BIN_ENV);
    }
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish within 60s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
