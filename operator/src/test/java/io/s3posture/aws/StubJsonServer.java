package io.s3posture.aws;

import io.s3posture.testing.ClosedAfterAll;
import io.s3posture.testing.StubHttpServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A small endpoint on 127.0.0.1 that answers AWS's JSON protocols as AWS does, for the detection
 * services' behaviour moto lacks (advanced selectors on shadow trails, GuardDuty features, Macie
 * not enabled or paused, throttling). Answers are keyed by operation: the X-Amz-Target suffix of
 * JSON 1.1 calls (CloudTrail, Config), or "GET /path" of REST-JSON calls (GuardDuty, Macie). Every
 * request is recorded. Register it on a static field ({@code @RegisterExtension}) to have it
 * stopped after the class.
 */
final class StubJsonServer implements ClosedAfterAll {

  /** A request as the stub saw it; header names in lower case. */
  record Request(
      String operation,
      String method,
      String path,
      Map<String, List<String>> headers,
      String body) {

    /**
     * The operation is the X-Amz-Target suffix of a JSON 1.1 call, or "METHOD /path" of a REST-JSON
     * one; the path keeps its query.
     */
    static Request of(StubHttpServer.Request raw) {
      String operation =
          raw.header("X-Amz-Target")
              .map(t -> t.substring(t.lastIndexOf('.') + 1))
              .orElse(raw.method() + " " + raw.path());
      return new Request(
          operation,
          raw.method(),
          raw.query().isEmpty() ? raw.path() : raw.path() + "?" + raw.query(),
          raw.headers(),
          raw.body());
    }

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

  private final StubHttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final AwsClientFactory clients;

  StubJsonServer(
      List<AwsCallListener> listeners, List<ExecutionInterceptor> interceptors, int maxAttempts) {
    server = StubHttpServer.start(this::respond);
    clients = AwsClientFactory.withInterceptors(listeners, interceptors, maxAttempts);
  }

  private StubHttpServer.Response respond(StubHttpServer.Request request) {
    Answer answer = next(Request.of(request).operation());
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("x-amzn-RequestId", "stub-request");
    headers.putAll(answer.headers());
    return new StubHttpServer.Response(answer.status(), headers, answer.body());
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
    server.clearRequests();
  }

  List<Request> requests() {
    return server.requests().stream().map(Request::of).toList();
  }

  List<Request> requests(String operation) {
    return requests().stream().filter(r -> r.operation().equals(operation)).toList();
  }

  URI endpoint() {
    return server.endpoint();
  }

  AwsTarget target(String region) {
    return AwsTarget.of(region).withEndpoint(endpoint());
  }

  /** The product's gateway for {@code region}, over clients built like the operator's. */
  SdkDetectionGateway gateway(String region) {
    return SdkDetectionGateway.of(clients, target(region));
  }

  /** The product's organization gateway, over clients built like the operator's. */
  SdkOrganizationGateway organizationGateway(String region) {
    return new SdkOrganizationGateway(clients.clientsFor(target(region)).organizations());
  }

  @Override
  public void close() {
    clients.close();
    server.close();
  }
}
