package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A default scrape stays small: each histogram has a few explicit buckets (SLO boundaries) instead
 * of Micrometer's percentile histogram (74 buckets per AWS operation, most of the scrape of a small
 * install), and an observation lands in the right one.
 */
class HistogramBucketsTest {

  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void awsCallDurationHasTenBucketsPerOperation() {
    AwsCallMetrics metrics = new AwsCallMetrics(registry);
    metrics.timer("S3", "GetBucketVersioning").record(Duration.ofMillis(40));
    metrics.timer("S3", "PutBucketVersioning").record(Duration.ofSeconds(3));

    List<String> buckets = buckets("s3posture_aws_api_call_duration_seconds_bucket", "GetBucket");
    assertThat(bounds(buckets))
        .containsExactly(
            "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "10.0", "30.0", "+Inf");
    assertThat(count(buckets, "0.025")).isZero();
    assertThat(count(buckets, "0.05")).isEqualTo(1);
    assertThat(count(buckets("s3posture_aws_api_call_duration_seconds_bucket", "PutBucket"), "2.5"))
        .isZero();
  }

  @Test
  void checkDurationAndTimeToCorrectHaveAFewBucketsEach() {
    PostureMetrics metrics = new PostureMetrics(registry, true, Clock.systemUTC());
    metrics.reconcileTimer("BucketPolicy").record(Duration.ofSeconds(2));
    metrics.timeToCorrect("versioning").record(45);

    assertThat(bounds(buckets("s3posture_reconcile_duration_seconds_bucket", "")))
        .containsExactly("0.1", "0.5", "1.0", "5.0", "15.0", "60.0", "300.0", "900.0", "+Inf");
    List<String> timeToCorrect = buckets("s3posture_drift_time_to_correct_seconds_bucket", "");
    assertThat(bounds(timeToCorrect))
        .containsExactly(
            "1.0", "10.0", "60.0", "300.0", "1800.0", "3600.0", "21600.0", "86400.0", "+Inf");
    assertThat(count(timeToCorrect, "10.0")).isZero();
    assertThat(count(timeToCorrect, "60.0")).isEqualTo(1);
  }

  @Test
  void javaOperatorSdkTimersGetTheFewBucketsOfTheCheckDuration() {
    PrometheusMeterRegistry unfiltered = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new SmallHistograms());
    for (PrometheusMeterRegistry r : List.of(registry, unfiltered)) {
      // as java-operator-sdk's MicrometerMetrics registers its execution timer
      Timer.builder("operator.sdk.controllers.execution.reconcile")
          .tag("controller", "bucketpolicy")
          .publishPercentiles(0.3, 0.5, 0.95, 0.98)
          .publishPercentileHistogram()
          .register(r)
          .record(Duration.ofMillis(700));
    }

    String name = "operator_sdk_controllers_execution_reconcile_seconds_bucket";
    assertThat(bounds(buckets(name, "")))
        .containsExactly("0.1", "0.5", "1.0", "5.0", "15.0", "60.0", "300.0", "900.0", "+Inf");
    assertThat(registry.scrape()).doesNotContain("quantile=");
    assertThat(unfiltered.scrape().lines().filter(line -> line.startsWith(name + "{")).count())
        .as("what JOSDK alone publishes")
        .isGreaterThan(50);
  }

  private List<String> buckets(String name, String containing) {
    return registry
        .scrape()
        .lines()
        .filter(line -> line.startsWith(name + "{") && line.contains(containing))
        .toList();
  }

  private static List<String> bounds(List<String> buckets) {
    return buckets.stream().map(HistogramBucketsTest::le).toList();
  }

  private static double count(List<String> buckets, String le) {
    String line =
        buckets.stream().filter(b -> le(b).equals(le)).findFirst().orElseThrow(AssertionError::new);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static String le(String bucket) {
    Matcher matcher = LE.matcher(bucket);
    assertThat(matcher.find()).as(bucket).isTrue();
    return matcher.group(1);
  }
}
