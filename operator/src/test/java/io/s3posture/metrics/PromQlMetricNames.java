package io.s3posture.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, for checking dashboards and alert rules against a
 * real scrape. Not a parser: it removes what is not a metric name (strings, Grafana variables,
 * label matchers, grouping label lists, durations, numbers, function calls and keywords) and keeps
 * the identifiers left over, exactly as Prometheus would select them (e.g. {@code
 * s3posture_reconcile_duration_seconds_bucket}, not the family name).
 */
final class PromQlMetricNames {

  private static final Pattern STRING =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
  private static final Pattern GRAFANA_VARIABLE =
      Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[[^\\]]*]]");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern LABEL_LIST =
      Pattern.compile(
          "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "atan2",
          "inf",
          "nan",
          "start",
          "end");

  private PromQlMetricNames() {}

  static Set<String> of(String expr) {
    String rest = STRING.matcher(expr).replaceAll(" ");
    rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
    rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
    rest = LABEL_LIST.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = OFFSET.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      boolean call = identifier.group(2) != null;
      String name = identifier.group(1);
      if (!call && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The metric a Grafana variable query reads: {@code label_values(metric{...}, label)} selects
   * {@code metric}; {@code label_values(label)} none; a {@code query_result(...)} is PromQL.
   */
  static Set<String> ofVariableQuery(String query) {
    Matcher labelValues =
        Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", Pattern.DOTALL)
            .matcher(query);
    if (labelValues.matches()) {
      return of(labelValues.group(1));
    }
    if (query.strip().matches("^label_values\\(\\s*\\w+\\s*\\)$")) {
      return Set.of();
    }
    Matcher result =
        Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL).matcher(query);
    return of(result.matches() ? result.group(1) : query);
  }
}
