package io.s3posture.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The monitoring files the chart ships (Grafana dashboard, Prometheus alert rules) and the PromQL
 * in them. Tests run in {@code operator/}; the chart is one level up.
 */
final class MonitoringFiles {

  static final Path CHART = Path.of("..", "helm", "s3-posture-operator");
  static final Path DASHBOARD = CHART.resolve("dashboards").resolve("s3-posture-operator.json");
  static final Path RULES = CHART.resolve("files").resolve("prometheus-rules.yaml");

  private MonitoringFiles() {}

  static JsonNode dashboard() {
    return read(new ObjectMapper(), DASHBOARD);
  }

  static JsonNode rules() {
    return read(new ObjectMapper(new YAMLFactory()), RULES);
  }

  /** Every panel, rows' nested panels included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** The {@code expr} of every panel target. */
  static List<String> dashboardExpressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    return exprs;
  }

  /** The queries of the dashboard's query variables. */
  static List<String> variableQueries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode query = variable.path("query");
        queries.add(query.isObject() ? query.path("query").asText() : query.asText());
      }
    }
    return queries;
  }

  /** Every rule of every group. */
  static List<JsonNode> ruleList(JsonNode rules) {
    List<JsonNode> all = new ArrayList<>();
    rules.path("groups").forEach(group -> group.path("rules").forEach(all::add));
    return all;
  }

  /** Every metric name the dashboard (panels and variables) and the alert rules select. */
  static Set<String> metricNamesUsed() {
    Set<String> names = new TreeSet<>();
    JsonNode dashboard = dashboard();
    dashboardExpressions(dashboard).forEach(expr -> names.addAll(PromQlMetricNames.of(expr)));
    variableQueries(dashboard)
        .forEach(query -> names.addAll(PromQlMetricNames.ofVariableQuery(query)));
    ruleList(rules())
        .forEach(rule -> names.addAll(PromQlMetricNames.of(rule.path("expr").asText())));
    return names;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
    }
  }
}
