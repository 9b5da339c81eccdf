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

/**
 * A tiny S3 endpoint on 127.0.0.1 that answers every request with one canned response, to make the
 * real SDK client meet AWS error codes moto never produces. Records every request. Register it on a
 * static field ({@code @RegisterExtension}) to have it stopped after the class.
 */
final class StubS3Server implements ClosedAfterAll {

  private record Answer(int status, String body, Map<String, String> headers) {
    Answer(int status, String body) {
      this(status, body, Map.of());
    }
  }

  private final Map<String, Deque<Answer>> byPath = new ConcurrentHashMap<>();

  private final StubHttpServer server;
  private final AwsClientFactory clients;
  private final Map<String, Answer> byMethod = new ConcurrentHashMap<>();
  private volatile Answer fallback = new Answer(200, "");
  private final Map<String, Deque<Answer>> sequences = new ConcurrentHashMap<>();

  StubS3Server() {
    server = StubHttpServer.start(this::respond);
    clients = new AwsClientFactory(List.of(), 1);
  }

  private StubHttpServer.Response respond(StubHttpServer.Request request) {
    Answer answer = next(request.method(), request.path());
    Map<String, String> headers =
        new HashMap<>(Map.of("Content-Type", "application/xml", "x-amz-request-id", "1"));
    headers.putAll(answer.headers());
    return new StubHttpServer.Response(answer.status(), headers, answer.body());
  }

  private Answer next(String method, String path) {
    Deque<Answer> forPath = byPath.get(method + " " + path);
    if (forPath != null) {
      synchronized (forPath) {
        return forPath.size() > 1 ? forPath.removeFirst() : forPath.getFirst();
      }
    }
    Deque<Answer> sequence = sequences.get(method);
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
    server.clearRequests();
  }

  /**
   * Requests with this HTTP method get these answers in turn, the last one from then on: a bucket
   * setting before and after the operator's write.
   */
  void answerInTurn(String method, int status, String... bodies) {
    Deque<Answer> sequence = new ArrayDeque<>();
    for (String body : bodies) {
      sequence.add(new Answer(status, body));
    }
    sequences.put(method, sequence);
    server.clearRequests();
  }

  /** Requests with this HTTP method get this answer (others the general one). */
  void answer(String method, int status, String body) {
    byMethod.put(method, new Answer(status, body));
    server.clearRequests();
  }

  /**
   * Requests with this method and path get these answers in turn, the last one from then on (before
   * any other answer): pages of a listing.
   */
  void answerPath(String method, String path, int status, String... bodies) {
    Deque<Answer> sequence = new ArrayDeque<>();
    for (String body : bodies) {
      sequence.add(new Answer(status, body));
    }
    byPath.put(method + " " + path, sequence);
  }

  /** Requests with this HTTP method get this answer, with these response headers. */
  void answer(String method, int status, String body, Map<String, String> headers) {
    byMethod.put(method, new Answer(status, body, Map.copyOf(headers)));
    server.clearRequests();
  }

  void answerError(int status, String code) {
    answer(status, error(code));
  }

  List<StubHttpServer.Request> requests() {
    return server.requests();
  }

  URI endpoint() {
    return server.endpoint();
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
    server.close();
  }
}
