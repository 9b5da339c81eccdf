package io.s3posture.localstack.proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the answer to one request: names and counts its operation, applies the rules (delay, then
 * an error, a reset or a spoilt body), otherwise forwards it to moto or to the ListBuckets front.
 * No sockets here: the caller writes the answer or resets the connection.
 */
final class RequestHandler {

  /** What to do with the client connection. */
  sealed interface Answer permits Respond, Reset {}

  record Respond(ProxyResponse response) implements Answer {}

  record Reset() implements Answer {}

  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final Upstream upstream;
  private final OperationClassifier classifier = new OperationClassifier();
  private final FaultRules rules;
  private final RequestCounter counter;
  private final Signers signers;
  private final BucketRegions regions = new BucketRegions();
  private final ListBucketsFront listBucketsFront;
  private final BooleanSupplier paginateListBuckets;

  RequestHandler(
      Upstream upstream,
      FaultRules rules,
      RequestCounter counter,
      Signers signers,
      BooleanSupplier paginateListBuckets) {
    this.upstream = upstream;
    this.rules = rules;
    this.counter = counter;
    this.signers = signers;
    this.listBucketsFront = new ListBucketsFront(upstream, regions);
    this.paginateListBuckets = paginateListBuckets;
  }

  Answer handle(ProxyRequest request) throws InterruptedException {
    AwsOperation op = classifier.classify(request);
    counter.received(op);
    signers.signed(op, request);
    FaultRules.Decision decision = rules.decide(op);
    sleep(decision.delay());
    Optional<Fault> fault = decision.fault();
    if (fault.isEmpty()) {
      return new Respond(forward(request, op));
    }
    counter.faulted(op, fault.get());
    return switch (fault.get()) {
      case RESET -> new Reset();
      case RESET_AFTER_FORWARD -> {
        forward(request, op);
        yield new Reset();
      }
      case TRUNCATED_BODY -> new Respond(BodyCorruption.truncate(forward(request, op)));
      case MALFORMED_BODY -> new Respond(BodyCorruption.malform(forward(request, op)));
      case SLOW_DOWN, INTERNAL_ERROR, SERVICE_UNAVAILABLE, ACCESS_DENIED ->
          new Respond(AwsErrors.render(fault.get(), op, request));
      case DELAY -> throw new IllegalStateException("DELAY is never a deciding fault");
    };
  }

  private ProxyResponse forward(ProxyRequest request, AwsOperation op) {
    try {
      if (paginateListBuckets.getAsBoolean() && op.qualifiedName().equals("s3:ListBuckets")) {
        return listBucketsFront.answer(request);
      }
      ProxyResponse response = upstream.send(request);
      learnRegion(op, request, response);
      signers.answered(op, request, response);
      return response;
    } catch (IOException | RuntimeException e) {
      LOG.warn("fault proxy: {} to {} failed: {}", request, upstream.uri(), e.toString());
      return ProxyResponse.of(
          502,
          HeaderList.of("Content-Type", "text/plain"),
          "fault proxy: upstream " + upstream.uri() + " failed: " + e);
    }
  }

  /** CreateBucket and DeleteBucket calls that went through tell the front a bucket's region. */
  private void learnRegion(AwsOperation op, ProxyRequest request, ProxyResponse response) {
    if (op.bucket().isEmpty() || response.status() / 100 != 2) {
      return;
    }
    switch (op.qualifiedName()) {
      case "s3:CreateBucket" -> regions.created(op.bucket().get(), request.body());
      case "s3:DeleteBucket" -> regions.deleted(op.bucket().get());
      default -> {}
    }
  }

  private static void sleep(Duration delay) throws InterruptedException {
    if (!delay.isZero()) {
      TimeUnit.MILLISECONDS.sleep(delay.toMillis());
    }
  }
}
