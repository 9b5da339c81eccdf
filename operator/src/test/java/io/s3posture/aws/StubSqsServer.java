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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SQS endpoint on 127.0.0.1 speaking SQS's JSON protocol (the SDK's): every request gets one
 * canned answer, so the real SQS client meets what moto never produces (AccessDenied, partial batch
 * failures). Records each request's {@code X-Amz-Target} and body.
 */
final class StubSqsServer implements AutoCloseable {

  record Request(String target, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile String queryError;

  StubSqsServer() {
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
            String request =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                new Request(exchange.getRequestHeaders().getFirst("X-Amz-Target"), request));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
            if (queryError != null) {
              exchange.getResponseHeaders().set("x-amzn-query-error", queryError);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
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
    return List.copyOf(requests);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String queueUrl() {
    return endpoint() + "/111122223333/s3-posture-events";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
