package io.s3posture.localstack.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream for unit tests that answers like moto 5.2.1 where the proxy depends on it:
 * ListBuckets in creation order without regions, honouring {@code prefix} and {@code
 * bucket-region}, cutting at {@code max-buckets} without a continuation token; GetBucketLocation;
 * CreateBucket. Any other GET answers a versioning document, PUT 200, DELETE 204. Records every
 * request.
 */
final class FakeMoto implements AutoCloseable {

  record Seen(String method, String target, Map<String, List<String>> headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst();
    }
  }

  static final String VERSIONING =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<Status>Enabled</Status></VersioningConfiguration>";

  private final HttpServer server;
  private final Map<String, String> buckets = new LinkedHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeMoto() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized void addBucket(String name, String region) {
    buckets.put(name, region);
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        target += "?" + query;
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      seen.add(new Seen(exchange.getRequestMethod(), target, headers, body));
      ProxyRequest request =
          new ProxyRequest(exchange.getRequestMethod(), target, "HTTP/1.1", HeaderList.of(), body);
      String path = request.rawPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/") && method.equals("GET")) {
        send(exchange, 200, list(request));
      } else if (request.query().containsKey("location")) {
        String region = buckets.get(path.substring(1));
        send(
            exchange,
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint>"
                + ("us-east-1".equals(region) ? "" : region)
                + "</LocationConstraint>");
      } else if (method.equals("PUT") && request.rawQuery().isEmpty()) {
        addBucket(
            path.substring(1), BucketRegions.locationOf(new String(body, StandardCharsets.UTF_8)));
        send(exchange, 200, "");
      } else if (method.equals("DELETE")) {
        exchange.sendResponseHeaders(204, -1);
      } else if (method.equals("GET")) {
        send(exchange, 200, VERSIONING);
      } else if (method.equals("HEAD")) {
        exchange.getResponseHeaders().set("x-amz-bucket-region", "us-east-1");
        exchange.sendResponseHeaders(200, -1);
      } else {
        send(exchange, 200, "");
      }
    }
  }

  private synchronized String list(ProxyRequest request) {
    Optional<String> prefix = request.queryParameter("prefix");
    Optional<String> region = request.queryParameter("bucket-region");
    Optional<Integer> max = request.queryParameter("max-buckets").map(Integer::parseInt);
    List<String> names = new ArrayList<>();
    buckets.forEach(
        (name, r) -> {
          if (prefix.map(name::startsWith).orElse(true) && region.map(r::equals).orElse(true)) {
            names.add(name);
          }
        });
    List<String> page = max.map(m -> names.subList(0, Math.min(m, names.size()))).orElse(names);
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ListAllMyBucketsResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Buckets>");
    for (String name : page) {
      xml.append("<Bucket><Name>")
          .append(name)
          .append("</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>");
    }
    return xml.append(
            "</Buckets><Owner><DisplayName>webfile</DisplayName>"
                + "<ID>bcaf1ffd86f41161ca5fb16fd081034f</ID></Owner></ListAllMyBucketsResult>")
        .toString();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.getResponseHeaders().set("x-amzn-requestid", "fake-moto");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
