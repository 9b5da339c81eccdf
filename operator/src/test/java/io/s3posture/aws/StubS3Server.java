package io.s3posture.aws;

import io.s3posture.testing.ClosedAfterAll;
import io.s3posture.testing.StubHttpServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
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

  private record Answer(int status, String body) {}

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
    Answer answer = next(request.method());
    return new StubHttpServer.Response(
        answer.status(),
        Map.of("Content-Type", "application/xml", "x-amz-request-id", "1"),
        answer.body());
  }

  private Answer next(String method) {
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

  void answerError(int status, String code) {
    answer(status, error(code));
  }

  List<StubHttpServer.Request> requests() {
    return server.requests();
  }

  URI endpoint() {
    return server.endpoint();
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
