package io.s3posture.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The management endpoints as the kubelet and Prometheus see them, on a free port. */
class ManagementServerTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean live = new AtomicBoolean(true);
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final ManagementServer server =
      new ManagementServer(0, registry, live::get, ready::get).start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void probesFollowTheOperator() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).as("not ready yet").isEqualTo(503);
    ready.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    live.set(false);
    assertThat(get("/healthz").statusCode()).isEqualTo(503);
  }

  @Test
  void aProbeThatThrowsIsNotOk() throws Exception {
    ManagementServer failing =
        new ManagementServer(
                0,
                registry,
                () -> {
                  throw new IllegalStateException("operator not built yet");
                },
                () -> true)
            .start();
    try {
      assertThat(get(failing, "/healthz").statusCode()).isEqualTo(503);
    } finally {
      failing.close();
    }
  }

  @Test
  void metricsAreThePrometheusTextOfTheRegistry() throws Exception {
    Counter.builder("s3posture.example").register(registry).increment();
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("s3posture_example_total 1.0");
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
    assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(server, path);
  }

  private HttpResponse<String> get(ManagementServer target, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
