package io.s3posture.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3posture.concurrent.DaemonThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * S3 for a fleet too big for moto on a shared 2-core machine (moto serves ~130 requests/s; a cycle
 * of 10,000 buckets with every control is 100,000 reads): it lists {@code buckets} in pages as S3
 * does (max-buckets, ContinuationToken, BucketRegion) and answers every bucket read with moto's own
 * answer for a template bucket the operator made compliant ({@link TemplateBucket}), the template's
 * name replaced by the bucket's. Each request waits {@code latency} first (S3 answers in tens of
 * milliseconds). Buckets in {@link #drift} have versioning Suspended until a PutBucketVersioning.
 * Counts requests by operation and remembers when the first and last request since the last reset
 * arrived.
 */
final class FleetS3Stub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;
  private final TemplateBucket template;
  private final TreeSet<String> buckets;
  private final Set<String> known;
  private final Duration latency;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Set<String> drifted = ConcurrentHashMap.newKeySet();
  private final AtomicLong first = new AtomicLong();
  private final AtomicLong last = new AtomicLong();

  FleetS3Stub(TemplateBucket template, List<String> buckets, Duration latency) {
    this.template = template;
    this.buckets = new TreeSet<>(buckets);
    this.known = Collections.unmodifiableSet(new HashSet<>(buckets));
    this.latency = latency;
    this.threads = Executors.newFixedThreadPool(256, DaemonThreadFactory.named("fleet-s3"));
    // without TCP_NODELAY the JDK's server stalls each answer for the client's delayed ACK (~40 ms
    // on Linux), which measured 68 ms per request where 25 ms were asked for
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Versioning of these buckets reads Suspended until the operator enables it. */
  void drift(Set<String> names) {
    drifted.addAll(names);
  }

  void resetCounts() {
    counts.clear();
    first.set(0);
    last.set(0);
  }

  /** Requests since the last reset, by operation (ListBuckets, or the sub-resource: versioning). */
  Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((operation, n) -> copy.put(operation, n.sum()));
    return copy;
  }

  /** From the first to the last request since the last reset. */
  Duration busy() {
    return first.get() == 0 ? Duration.ZERO : Duration.ofNanos(last.get() - first.get());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      exchange.getRequestBody().readAllBytes();
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      TemplateBucket.Answer answer;
      if (path.equals("/") && method.equals("POST")) {
        count("sts"); // the operator's STS client shares the endpoint: GetCallerIdentity
        answer = callerIdentity();
      } else if (path.equals("/")) {
        count("ListBuckets");
        answer = listBuckets(query);
      } else {
        String bucket = path.substring(1).split("/", 2)[0];
        String resource =
            query.keySet().stream().filter(k -> !k.equals("x-id")).findFirst().orElse("");
        count((method.equals("GET") ? "" : method + " ") + resource);
        answer = bucketRequest(method, bucket, resource);
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.getResponseHeaders().set("x-amz-request-id", "fleet");
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      last.accumulateAndGet(System.nanoTime(), Math::max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private TemplateBucket.Answer bucketRequest(String method, String bucket, String resource) {
    if (!known.contains(bucket)) {
      return TemplateBucket.error(404, "NoSuchBucket", bucket);
    }
    if (!method.equals("GET")) {
      if (resource.equals("versioning")) {
        drifted.remove(bucket);
      }
      return new TemplateBucket.Answer(200, "application/xml", "");
    }
    if (resource.equals("versioning") && drifted.contains(bucket)) {
      return TemplateBucket.SUSPENDED;
    }
    return template.answer(resource, bucket);
  }

  private static TemplateBucket.Answer callerIdentity() {
    return new TemplateBucket.Answer(
        200,
        "text/xml",
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn>"
            + "<UserId>AIDABENCH</UserId><Account>123456789012</Account>"
            + "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  }

  private TemplateBucket.Answer listBuckets(Map<String, String> query) {
    int max = Integer.parseInt(query.getOrDefault("max-buckets", "10000"));
    String after = query.get("continuation-token");
    List<String> page = new ArrayList<>(Math.min(max, buckets.size()));
    for (String name : after == null ? buckets : buckets.tailSet(after, false)) {
      if (page.size() == max) {
        break;
      }
      page.add(name);
    }
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>owner</ID>"
                + "<DisplayName>owner</DisplayName></Owner><Buckets>");
    for (String name : page) {
      xml.append("<Bucket><Name>")
          .append(name)
          .append("</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>")
          .append("<BucketRegion>us-east-1</BucketRegion></Bucket>");
    }
    xml.append("</Buckets>");
    if (!page.isEmpty() && !page.get(page.size() - 1).equals(buckets.last())) {
      xml.append("<ContinuationToken>")
          .append(page.get(page.size() - 1))
          .append("</ContinuationToken>");
    }
    xml.append("</ListAllMyBucketsResult>");
    return new TemplateBucket.Answer(200, "application/xml", xml.toString());
  }

  private void count(String operation) {
    counts.computeIfAbsent(operation, o -> new LongAdder()).increment();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return query;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
