package io.s3posture.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A readiness probe: true when a GET answers 200. */
public final class HttpProbe {

  private final HttpClient client;
  private final Map<String, String> headers;

  public HttpProbe(SSLContext sslContext, Map<String, String> headers) {
    // HTTP/1.1: Go's servers answer the JDK client's HTTP/2 preface on some endpoints (the
    // controller manager's /healthz) with GOAWAY; a probe needs nothing of HTTP/2
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2));
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
    this.headers = Map.copyOf(headers);
  }

  public static HttpProbe plain() {
    return new HttpProbe(null, Map.of());
  }

  public boolean isOk(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
    headers.forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
