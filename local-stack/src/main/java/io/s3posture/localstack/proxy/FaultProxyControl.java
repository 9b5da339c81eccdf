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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The proxy's control API on its own loopback port, for scripts ({@code curl}):
 *
 * <pre>
 * GET    /health              200 ok
 * GET    /counts              {"total":N,"operations":{"s3:GetBucketPolicy":N,...},
 *                              "buckets":{"s3:GetBucketPolicy":{"b":N}},"faults":{"s3:...":{"SLOW_DOWN":N}}}
 * DELETE /counts              reset the counts
 * GET    /rules               [{"id":1,"fault":"SLOW_DOWN",...,"matched":N,"fired":N}]
 * POST   /rules               add a rule: {"fault":"SLOW_DOWN","operation":"Get*","probability":0.3}
 *                             answers 201 {"id":N}
 * DELETE /rules               remove every rule;  DELETE /rules/ID  remove one
 * GET    /pagination          {"listBuckets":false}
 * PUT    /pagination          {"listBuckets":true}  S3-style ListBuckets pages on or off
 * POST   /reset               no rules, no counts, no pagination
 * </pre>
 */
public final class FaultProxyControl implements AutoCloseable {

  private final FaultProxy proxy;
  private final HttpServer server;
  private final ExecutorService executor;

  private FaultProxyControl(FaultProxy proxy, int port) throws IOException {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "fault-proxy-control");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code proxy}'s control API on 127.0.0.1:{@code port} (0: any free port). */
  public static FaultProxyControl start(FaultProxy proxy, int port) {
    try {
      return new FaultProxyControl(proxy, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault proxy's control API", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      try {
        route(exchange, method, path, body);
      } catch (IllegalArgumentException e) {
        send(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path, String body)
      throws IOException {
    switch (method + " " + path) {
      case "GET /health" -> sendText(exchange, 200, "ok\n");
      case "GET /counts" -> send(exchange, 200, countsJson(proxy.counts()));
      case "DELETE /counts" -> {
        proxy.resetCounts();
        sendText(exchange, 204, "");
      }
      case "GET /rules" ->
          send(exchange, 200, proxy.rules().stream().map(RuleState::toJson).toList());
      case "POST /rules" -> {
        long id = proxy.addRule(FaultRule.fromJson(Json.parseObject(body)));
        send(exchange, 201, Map.of("id", id));
      }
      case "DELETE /rules" -> {
        proxy.clearRules();
        sendText(exchange, 204, "");
      }
      case "GET /pagination" ->
          send(exchange, 200, Map.of("listBuckets", proxy.paginatesListBuckets()));
      case "PUT /pagination" -> {
        Object enabled = Json.parseObject(body).get("listBuckets");
        if (!(enabled instanceof Boolean on)) {
          throw new IllegalArgumentException("expected {\"listBuckets\": true|false}");
        }
        proxy.paginateListBuckets(on);
        send(exchange, 200, Map.of("listBuckets", on));
      }
      case "POST /reset" -> {
        proxy.reset();
        sendText(exchange, 204, "");
      }
      default -> {
        if (method.equals("DELETE") && path.startsWith("/rules/")) {
          long id = Long.parseLong(path.substring("/rules/".length()));
          sendText(exchange, proxy.removeRule(id) ? 204 : 404, "");
        } else {
          send(exchange, 404, Map.of("error", "no such endpoint: " + method + " " + path));
        }
      }
    }
  }

  static Map<String, Object> countsJson(RequestCounts counts) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("total", counts.total());
    json.put("operations", counts.operations());
    json.put("buckets", counts.buckets());
    json.put("faults", counts.faults());
    return json;
  }

  private static void send(HttpExchange exchange, int status, Object json) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    byte[] bytes = (Json.write(json) + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
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
    executor.shutdownNow();
  }
}
