package io.s3posture.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The fault proxy's control API (docs/reliability.md) for a proxy started by a script ({@code
 * hack/lib/fault-proxy.sh}): add and clear rules, read and reset counts.
 */
final class ProxyControl {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI control;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ProxyControl(URI control) {
    this.control = control;
  }

  void addRule(String json) {
    send(
        HttpRequest.newBuilder(control.resolve("/rules"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  void clearRules() {
    send(HttpRequest.newBuilder(control.resolve("/rules")).DELETE());
  }

  void resetCounts() {
    send(HttpRequest.newBuilder(control.resolve("/counts")).DELETE());
  }

  /** Requests for any operation on any of {@code buckets}, since the counts were last reset. */
  long requests(Collection<String> buckets) {
    JsonNode counts = counts();
    long sum = 0;
    for (Iterator<Map.Entry<String, JsonNode>> ops = counts.path("buckets").fields();
        ops.hasNext(); ) {
      JsonNode byBucket = ops.next().getValue();
      for (String bucket : buckets) {
        sum += byBucket.path(bucket).asLong(0);
      }
    }
    return sum;
  }

  JsonNode counts() {
    try {
      return JSON.readTree(send(HttpRequest.newBuilder(control.resolve("/counts")).GET()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "fault proxy control answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
