package io.s3posture.localstack.proxy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A programmable HTTP proxy on loopback between an AWS client (the operator, the audit CLI, an SDK)
 * and moto. By default it forwards every request unchanged and counts it by AWS operation; {@link
 * FaultRule}s make it answer with AWS's own throttling and error responses, reset connections, add
 * latency or spoil response bodies; {@link #paginateListBuckets} makes ListBuckets paginate the way
 * S3 does. Rules, counts and pagination change at run time, from Java or from {@link
 * FaultProxyControl}'s HTTP API.
 *
 * <p>A raw socket server: one thread per client connection, keep-alive honoured, one upstream
 * connection per request. Requests to moto's own {@code /moto-api/} are forwarded, never faulted.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Upstream upstream;
  private final ServerSocket server;
  private final FaultRules rules = new FaultRules();
  private final RequestCounter counter = new RequestCounter();
  private final Signers signers = new Signers();
  private final RequestHandler handler;
  private final ExecutorService connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean paginateListBuckets;
  private volatile boolean closed;

  private FaultProxy(URI upstreamUri, InetAddress address, int port) throws IOException {
    this.upstream = new Upstream(upstreamUri);
    this.handler = new RequestHandler(upstream, rules, counter, signers, () -> paginateListBuckets);
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(address, port), 256);
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.connections =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable, "fault-proxy-" + instance + "-conn-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + instance + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy for {@code upstream} (e.g. moto's {@code http://127.0.0.1:PORT}). */
  public static FaultProxy start(URI upstream) {
    return start(upstream, 0);
  }

  /** Starts a proxy on 127.0.0.1:{@code port} (0: any free port). */
  public static FaultProxy start(URI upstream, int port) {
    return start(upstream, InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Starts a proxy on {@code address}:{@code port}: another address than loopback when clients in
   * pods of a real node must reach it (the node's address).
   */
  public static FaultProxy start(URI upstream, InetAddress address, int port) {
    try {
      FaultProxy proxy =
          new FaultProxy(
              Objects.requireNonNull(upstream, "upstream"),
              Objects.requireNonNull(address, "address"),
              port);
      LOG.info("fault proxy {} -> {}", proxy.endpoint(), upstream);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault proxy", e);
    }
  }

  /** Where clients connect: {@code http://127.0.0.1:PORT} (or the address it was started on). */
  public URI endpoint() {
    return URI.create(
        "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
  }

  public URI upstream() {
    return upstream.uri();
  }

  /** Adds a rule after the existing ones; returns its id. */
  public long addRule(FaultRule rule) {
    long id = rules.add(Objects.requireNonNull(rule, "rule"));
    LOG.info("fault rule {} added: {}", id, rule.toJson());
    return id;
  }

  public boolean removeRule(long id) {
    return rules.remove(id);
  }

  public void clearRules() {
    rules.clear();
  }

  /** The rules in force with how often each matched and fired. */
  public List<RuleState> rules() {
    return rules.states();
  }

  public RequestCounts counts() {
    return counter.snapshot();
  }

  public void resetCounts() {
    counter.reset();
    signers.reset();
  }

  /**
   * Requests by operation and by the access key id of their SigV4 credential (unsigned requests are
   * not counted here).
   */
  public Map<String, Map<String, Long>> accessKeysByOperation() {
    return signers.byOperation();
  }

  /** S3 requests by the access key id they were signed with, and by bucket. */
  public Map<String, Map<String, Long>> bucketsByAccessKey() {
    return signers.bucketsByKey();
  }

  /** The temporary credentials STS issued through this proxy, oldest first. */
  public List<IssuedCredentials> issuedCredentials() {
    return signers.issued();
  }

  /** Turns S3-style ListBuckets pagination on or off (off: moto's own answer passes through). */
  public void paginateListBuckets(boolean enabled) {
    this.paginateListBuckets = enabled;
  }

  public boolean paginatesListBuckets() {
    return paginateListBuckets;
  }

  /** Back to a transparent proxy: no rules, no counts, no pagination. */
  public void reset() {
    clearRules();
    resetCounts();
    paginateListBuckets(false);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("fault proxy accept failed", e);
        }
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream());
      while (!closed) {
        Optional<ProxyRequest> next = HttpWire.readRequest(in, out);
        if (next.isEmpty() || !exchange(client, next.get(), out)) {
          return;
        }
      }
    } catch (SocketException e) {
      // the client went away (an SDK timeout closes its socket): nothing to answer
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("fault proxy connection ended: {}", e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  /** Answers one request; false when the connection must end. */
  private boolean exchange(Socket client, ProxyRequest request, OutputStream out)
      throws IOException, InterruptedException {
    RequestHandler.Answer answer = handler.handle(request);
    if (answer instanceof RequestHandler.Respond respond) {
      boolean keepAlive = HttpWire.keepAlive(request) && !closed;
      HttpWire.writeResponse(out, respond.response(), request.method().equals("HEAD"), !keepAlive);
      return keepAlive;
    }
    reset(client);
    return false;
  }

  /** Closes with a TCP RST instead of a FIN: the client sees "Connection reset". */
  private static void reset(Socket client) throws IOException {
    client.setSoLinger(true, 0);
    client.close();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing the fault proxy's socket", e);
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing: nothing to do
      }
    }
    connections.shutdownNow();
    try {
      acceptor.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
