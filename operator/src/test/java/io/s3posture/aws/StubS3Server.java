package io.s3posture.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny S3 endpoint on 127.0.0.1 that answers every request with one canned response, to make the
 * real SDK client meet AWS error codes moto never produces. Records every request.
 */
final class StubS3Server implements AutoCloseable {

  /** A request as the stub saw it; header names in lower case. */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name)).map(values -> values.get(0));
    }
  }

  private final HttpServer server;
  private final AwsClientFactory clients;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private record Answer(int status, String body, Map<String, String> headers) {
    Answer(int status, String body) {
      this(status, body, Map.of());
    }
  }

  private final Map<String, java.util.Deque<Answer>> byPath =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, Answer> byMethod = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Answer fallback = new Answer(200, "");
  private final Map<String, java.util.Deque<Answer>> sequences =
      new java.util.concurrent.ConcurrentHashMap<>();

  StubS3Server() {
    // the SDK's default credential chain reads these (surefire sets them too)
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "test");
      System.setProperty("aws.secretAccessKey", "test");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String requestBody =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""),
                    Map.copyOf(headers),
                    requestBody));
            Answer answer =
                next(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.getResponseHeaders().set("x-amz-request-id", "1");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
              }
            }
          }
        });
    server.start();
    clients = new AwsClientFactory(List.of(), 1);
  }

  private Answer next(String method, String path) {
    java.util.Deque<Answer> forPath = byPath.get(method + " " + path);
    if (forPath != null) {
      synchronized (forPath) {
        return forPath.size() > 1 ? forPath.removeFirst() : forPath.getFirst();
      }
    }
    java.util.Deque<Answer> sequence = sequences.get(method);
    if (sequence != null) {
      synchronized (sequence) {
        return sequence.size() > 1 ? sequence.removeFirst() : sequence.getFirst();
      }
    }
    return byMethod.getOrDefault(method, fallback);
  }

  /** S3's error document for {@code code}. */
  static String error(String code) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
        + code
        + "</Code><Message>stubbed "
        + code
        + "</Message><RequestId>1</RequestId></Error>";
  }

  /** Every later request gets this answer. */
  void answer(int status, String body) {
    byMethod.clear();
    byPath.clear();
    sequences.clear();
    fallback = new Answer(status, body);
    requests.clear();
  }

  /**
   * Requests with this HTTP method get these answers in turn, the last one from then on: a bucket
   * setting before and after the operator's write.
   */
  void answerInTurn(String method, int status, String... bodies) {
    java.util.Deque<Answer> sequence = new java.util.ArrayDeque<>();
    for (String body : bodies) {
      sequence.add(new Answer(status, body));
    }
    sequences.put(method, sequence);
    requests.clear();
  }

  /** Requests with this HTTP method get this answer (others the general one). */
  void answer(String method, int status, String body) {
    byMethod.put(method, new Answer(status, body));
    requests.clear();
  }

  /**
   * Requests with this method and path get these answers in turn, the last one from then on (before
   * any other answer): pages of a listing.
   */
  void answerPath(String method, String path, int status, String... bodies) {
    java.util.Deque<Answer> sequence = new java.util.ArrayDeque<>();
    for (String body : bodies) {
      sequence.add(new Answer(status, body));
    }
    byPath.put(method + " " + path, sequence);
  }

  /** Requests with this HTTP method get this answer, with these response headers. */
  void answer(String method, int status, String body, Map<String, String> headers) {
    byMethod.put(method, new Answer(status, body, Map.copyOf(headers)));
    requests.clear();
  }

  void answerError(int status, String code) {
    answer(status, error(code));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A gateway over real S3 and S3 Control clients built like the operator's. */
  SdkS3Gateway gatewayWithControl(Optional<String> expectedOwner) {
    AwsTarget target = AwsTarget.of("us-east-1").withEndpoint(endpoint());
    AwsClients targetClients = clients.clientsFor(target);
    return new SdkS3Gateway(targetClients.s3(), expectedOwner, targetClients::s3Control);
  }

  /** An account gateway over the S3 Control client built like the operator's. */
  SdkAccountGateway accountGateway() {
    AwsTarget target = AwsTarget.of("us-east-1").withEndpoint(endpoint());
    return new SdkAccountGateway(
        clients.clientsFor(target).s3Control(),
        Optional.of(() -> clients.clientsFor(target.withRegion("us-west-2")).s3Control()));
  }

  /** A gateway over a real S3Client built like the operator's, one attempt per call. */
  SdkS3Gateway gateway(Optional<String> expectedOwner) {
    AwsTarget target = AwsTarget.of("us-east-1").withEndpoint(endpoint());
    return new SdkS3Gateway(clients.clientsFor(target).s3(), expectedOwner);
  }

  @Override
  public void close() {
    clients.close();
    server.stop(0);
  }
}
