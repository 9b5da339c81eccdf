package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PromQL name extraction that DashboardMetricsIT relies on finds names and only names. */
class PromQlMetricNamesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sum by (namespace, policy) (rate(a_total{namespace=~\"$namespace\"}[$__rate_interval]))"
            + " | a_total",
        "histogram_quantile(0.95, sum by (le, operation) (rate(d_seconds_bucket[5m]))) | d_seconds_bucket",
        "time() - last_seconds > 2 * resync_seconds | last_seconds resync_seconds",
        "absent(up{job=~\".*s3-posture-operator.*\"} == 1) | up",
        "x * on (a, b) group_left (state) max by (a, b, state) (y{state!~\"ok\"}) * 1000 | x y",
        "(a > 0) and on (ns) (b offset 5m > 0) unless ignoring (le) c | a b c",
        "sum(rate(e_total[${__range}])) by (reason) / 1e3 | e_total",
        "count(f > bool 0) or vector(0) | f",
        "label_replace(g, \"dst\", \"$1\", \"src\", \"(.*)\") | g",
        "topk(5, sum without (instance) (h:recorded:rate5m)) | h:recorded:rate5m",
      })
  void findsTheMetricNames(String expr, String names) {
    assertThat(PromQlMetricNames.of(expr)).isEqualTo(Set.of(names.split(" ")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "label_values(s3posture_policy_buckets, namespace) | s3posture_policy_buckets",
        "label_values(p{namespace=~\"$namespace\"}, policy) | p",
        "query_result(sum by (policy) (q)) | q",
      })
  void findsTheMetricOfAVariableQuery(String query, String names) {
    assertThat(PromQlMetricNames.ofVariableQuery(query)).isEqualTo(Set.of(names.split(" ")));
  }

  @Test
  void aVariableOverALabelAloneSelectsNoMetric() {
    assertThat(PromQlMetricNames.ofVariableQuery("label_values(namespace)")).isEmpty();
  }
}
