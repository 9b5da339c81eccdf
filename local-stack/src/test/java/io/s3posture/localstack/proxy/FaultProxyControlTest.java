package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a benchmark script does with curl: rules, counts and pagination over HTTP. */
class FaultProxyControlTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeMoto moto;
  private FaultProxy proxy;
  private FaultProxyControl control;

  @BeforeEach
  void start() {
    moto = new FakeMoto();
    proxy = FaultProxy.start(moto.endpoint());
    control = FaultProxyControl.start(proxy, 0);
  }

  @AfterEach
  void stop() {
    control.close();
    proxy.close();
    moto.close();
  }

  @Test
  void addsListsAndRemovesRules() throws Exception {
    HttpResponse<String> added =
        call("POST", "/rules", "{\"fault\":\"SLOW_DOWN\",\"operation\":\"Get*\",\"times\":1}");
    call("POST", "/rules", "{\"fault\":\"DELAY\",\"delayMillis\":1}");

    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.body()).isEqualTo("{\"id\":1}\n");
    assertThat(s3("/a?versioning")).isEqualTo(503);
    assertThat(s3("/a?versioning")).isEqualTo(200);
    List<?> rules = list(call("GET", "/rules", null).body());
    assertThat(rules).hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) rules.get(0);
    assertThat(first)
        .containsEntry("id", 1L)
        .containsEntry("fault", "SLOW_DOWN")
        .containsEntry("operation", "Get*")
        .containsEntry("matched", 2L)
        .containsEntry("fired", 1L);

    assertThat(call("DELETE", "/rules/1", null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/rules/1", null).statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/rules", null).statusCode()).isEqualTo(204);
    assertThat(proxy.rules()).isEmpty();
  }

  @Test
  void readsAndResetsCounts() throws Exception {
    proxy.addRule(FaultRule.accessDenied().onWrites());
    s3("/a?versioning");
    s3("/a?versioning");

    Map<String, Object> counts = Json.parseObject(call("GET", "/counts", null).body());

    assertThat(counts).containsEntry("total", 2L);
    assertThat(counts.get("operations")).isEqualTo(Map.of("s3:GetBucketVersioning", 2L));
    assertThat(counts.get("buckets")).isEqualTo(Map.of("s3:GetBucketVersioning", Map.of("a", 2L)));
    assertThat(counts.get("faults")).isEqualTo(Map.of());
    assertThat(call("DELETE", "/counts", null).statusCode()).isEqualTo(204);
    assertThat(proxy.counts().total()).isZero();
  }

  @Test
  void switchesPaginationAndResets() throws Exception {
    assertThat(call("PUT", "/pagination", "{\"listBuckets\":true}").body())
        .isEqualTo("{\"listBuckets\":true}\n");
    assertThat(proxy.paginatesListBuckets()).isTrue();
    proxy.addRule(FaultRule.reset());

    assertThat(call("POST", "/reset", null).statusCode()).isEqualTo(204);

    assertThat(proxy.paginatesListBuckets()).isFalse();
    assertThat(proxy.rules()).isEmpty();
    assertThat(call("GET", "/health", null).body()).isEqualTo("ok\n");
  }

  @Test
  void explainsBadInput() throws Exception {
    HttpResponse<String> typo =
        call("POST", "/rules", "{\"fault\":\"SLOW_DOWN\",\"buckett\":\"a\"}");
    HttpResponse<String> notJson = call("POST", "/rules", "fault=SLOW_DOWN");

    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).contains("unknown rule field: buckett");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(call("GET", "/nothing", null).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return http.send(
        HttpRequest.newBuilder(URI.create(control.endpoint() + path))
            .method(method, publisher)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int s3(String target) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + target)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static List<?> list(String json) {
    return (List<?>) Json.parseObject("{\"x\":" + json + "}").get("x");
  }
}
