package io.s3posture.testing;

import io.s3posture.operator.ManagementServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's real management server (/metrics, /healthz, /readyz) on a free port around an
 * in-process operator, and an HTTP client for it: tests see what Prometheus and the kubelet see.
 */
public final class ManagementEndpoint implements AutoCloseable {

  private final ManagementServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ManagementEndpoint(ManagementServer server) {
    this.server = server;
  }

  public static ManagementEndpoint serve(OperatorUnderTest operator) {
    return new ManagementEndpoint(
        new ManagementServer(
                0, operator.registry(), operator.operator()::isLive, operator.operator()::isReady)
            .start());
  }

  /** GET /metrics, which must answer 200 in the Prometheus text format. */
  public Scrape scrape() {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + response.statusCode());
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/plain")) {
      throw new AssertionError("/metrics Content-Type is " + type);
    }
    return Scrape.parse(response.body());
  }

  public HttpResponse<String> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
