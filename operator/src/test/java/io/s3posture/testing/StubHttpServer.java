package io.s3posture.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP endpoint on 127.0.0.1 for the stubs that answer AWS's real wire formats where moto does
 * not (an S3 error code moto never sends, a detection-service behaviour moto lacks, an SQS access
 * denial): records every request and answers what its responder returns. The one place tests set up
 * an HTTP server; a stub supplies only its protocol (how to choose an answer, which headers AWS
 * sends).
 */
public final class StubHttpServer implements AutoCloseable {

  /** A request as the stub saw it; header names in lower case, the query "" when there is none. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
          .map(values -> values.get(0));
    }
  }

  /** An answer: status, body (none when empty) and the response headers, Content-Type included. */
  public record Response(int status, Map<String, String> headers, String body) {

    public Response {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  private final HttpServer server;
  private final Function<Request, Response> responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private StubHttpServer(HttpServer server, Function<Request, Response> responder) {
    this.server = server;
    this.responder = responder;
  }

  /**
   * Starts a server that answers each request with {@code responder}'s response. The SDK's default
   * credential chain finds test credentials (surefire sets them too; a test run from an IDE may
   * not).
   */
  public static StubHttpServer start(Function<Request, Response> responder) {
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "test");
      System.setProperty("aws.secretAccessKey", "test");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StubHttpServer stub =
        new StubHttpServer(server, Objects.requireNonNull(responder, "responder"));
    server.createContext("/", stub::handle);
    server.start();
    return stub;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""),
              Map.copyOf(headers),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Response response = responder.apply(request);
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      response.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The requests since the start or the last {@link #clearRequests}, in order of arrival. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
