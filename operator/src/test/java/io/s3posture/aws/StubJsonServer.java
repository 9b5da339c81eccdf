package io.s3posture.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A small endpoint on 127.0.0.1 that answers AWS's JSON protocols as AWS does, for the detection
 * services' behaviour moto lacks (advanced selectors on shadow trails, GuardDuty features, Macie
 * not enabled or paused, throttling). Answers are keyed by operation: the X-Amz-Target suffix of
 * JSON 1.1 calls (CloudTrail, Config), or "GET /path" of REST-JSON calls (GuardDuty, Macie). Every
 * request is recorded.
 */
final class StubJsonServer implements AutoCloseable {

  /** A request as the stub saw it; header names in lower case. */
  record Request(
      String operation,
      String method,
      String path,
      Map<String, List<String>> headers,
      String body) {

    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name)).map(values -> values.get(0));
    }

    /** The region of the SigV4 credential scope: .../date/REGION/service/aws4_request. */
    String signingRegion() {
      return scope()[2];
    }

    /** The service of the SigV4 credential scope. */
    String signingService() {
      return scope()[3];
    }

    private String[] scope() {
      String authorization = header("authorization").orElseThrow();
      String credential = authorization.substring(authorization.indexOf("Credential=") + 11);
      return credential.substring(0, credential.indexOf(',')).split("/");
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AwsClientFactory clients;

  StubJsonServer(
      List<AwsCallListener> listeners, List<ExecutionInterceptor> interceptors, int maxAttempts) {
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
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            String target =
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    .map(t -> t.substring(t.lastIndexOf('.') + 1))
                    .orElse(null);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String operation = target != null ? target : exchange.getRequestMethod() + " " + path;
            requests.add(
                new Request(
                    operation,
                    exchange.getRequestMethod(),
                    query == null ? path : path + "?" + query,
                    Map.copyOf(headers),
                    body));
            Answer answer = next(operation);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
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
    clients = AwsClientFactory.withInterceptors(listeners, interceptors, maxAttempts);
  }

  private Answer next(String operation) {
    Deque<Answer> queue = answers.get(operation);
    if (queue == null || queue.isEmpty()) {
      return new Answer(
          400,
          "{\"__type\":\"UnknownOperationException\",\"message\":\"no stubbed answer for "
              + operation
              + "\"}",
          Map.of());
    }
    // the last answer repeats
    return queue.size() > 1 ? queue.poll() : queue.peek();
  }

  /** Answers {@code operation} with these answers in turn, the last one from then on. */
  void answer(String operation, Answer... inTurn) {
    answers.put(operation, new ArrayDeque<>(List.of(inTurn)));
  }

  void answer(String operation, String json) {
    answer(operation, ok(json));
  }

  static Answer ok(String json) {
    return new Answer(200, json, Map.of());
  }

  /** AWS's JSON error document: {@code __type} and {@code message}. */
  static Answer error(int status, String code, String message) {
    return new Answer(
        status, "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}", Map.of());
  }

  /** A REST-JSON error as GuardDuty and Macie send it: the code in x-amzn-ErrorType. */
  static Answer restError(int status, String code, String message) {
    return new Answer(
        status,
        "{\"message\":\"" + message + "\"}",
        Map.of("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.stub/"));
  }

  void reset() {
    answers.clear();
    requests.clear();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requests(String operation) {
    return requests.stream().filter(r -> r.operation().equals(operation)).toList();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  AwsTarget target(String region) {
    return AwsTarget.of(region).withEndpoint(endpoint());
  }

  /** The product's gateway for {@code region}, over clients built like the operator's. */
  SdkDetectionGateway gateway(String region) {
    return SdkDetectionGateway.of(clients, target(region));
  }

  @Override
  public void close() {
    clients.close();
    server.stop(0);
  }
}
