package io.s3posture.aws;

import io.s3posture.testing.ClosedAfterAll;
import io.s3posture.testing.StubHttpServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny SQS endpoint on 127.0.0.1 speaking SQS's JSON protocol (the SDK's): every request gets one
 * canned answer, so the real SQS client meets what moto never produces (AccessDenied, partial batch
 * failures). Records each request's {@code X-Amz-Target} and body.
 */
final class StubSqsServer implements ClosedAfterAll {

  record Request(String target, String body) {}

  private final StubHttpServer server;
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile String queryError;

  StubSqsServer() {
    server = StubHttpServer.start(this::respond);
  }

  private StubHttpServer.Response respond(StubHttpServer.Request request) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.0");
    headers.put("x-amzn-RequestId", "stub-request");
    if (queryError != null) {
      headers.put("x-amzn-query-error", queryError);
    }
    return new StubHttpServer.Response(status, headers, body);
  }

  /** Every later request gets this answer. */
  void answer(String json) {
    this.status = 200;
    this.body = json;
    this.queryError = null;
  }

  /**
   * SQS's answer to a caller without permission: HTTP 403, the Query-compatible code in {@code
   * x-amzn-query-error}, the JSON error shape in the body.
   */
  void denyAccess() {
    this.status = 403;
    this.queryError = "AccessDenied;Sender";
    this.body =
        "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"User:"
            + " arn:aws:sts::111122223333:assumed-role/s3-posture-operator/s is not authorized to"
            + " perform: sqs:receivemessage on resource:"
            + " arn:aws:sqs:us-east-1:111122223333:s3-posture-events because no identity-based"
            + " policy allows the sqs:receivemessage action\"}";
  }

  List<Request> requests() {
    return server.requests().stream()
        .map(r -> new Request(r.header("X-Amz-Target").orElse(null), r.body()))
        .toList();
  }

  URI endpoint() {
    return server.endpoint();
  }

  String queueUrl() {
    return endpoint() + "/111122223333/s3-posture-events";
  }

  @Override
  public void close() {
    server.close();
  }
}
