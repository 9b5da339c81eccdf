package io.s3posture.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.concurrent.DaemonThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** /metrics (Prometheus text format), /healthz (liveness) and /readyz (readiness). */
public final class ManagementServer implements AutoCloseable {

  private final HttpServer server;

  public ManagementServer(
      int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on management port " + port, e);
    }
    server.createContext(
        "/",
        exchange -> {
          switch (exchange.getRequestURI().getPath()) {
            case "/metrics" ->
                respond(
                    exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            case "/healthz" -> probe(exchange, live);
            case "/readyz" -> probe(exchange, ready);
            default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
          }
        });
    server.setExecutor(
        Executors.newFixedThreadPool(2, DaemonThreadFactory.named("management-http")));
  }

  public ManagementServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok;
    try {
      ok = check.getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
