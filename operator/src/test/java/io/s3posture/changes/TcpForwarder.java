package io.s3posture.changes;

import io.s3posture.concurrent.DaemonThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards TCP connections from a loopback port to another: an endpoint that is unreachable until
 * the test opens it (a closed port first, then moto behind it).
 */
final class TcpForwarder implements AutoCloseable {

  private static final DaemonThreadFactory PUMPS = DaemonThreadFactory.named("tcp-forwarder-pump");

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private TcpForwarder(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  static TcpForwarder open(int port, String targetHost, int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      TcpForwarder forwarder =
          new TcpForwarder(server, new InetSocketAddress(targetHost, targetPort));
      Thread acceptor =
          DaemonThreadFactory.named("tcp-forwarder-" + port).newThread(forwarder::accept);
      acceptor.start();
      return forwarder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        PUMPS.newThread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
    thread.start();
  }

  @Override
  public void close() {
    closeQuietly(server);
    sockets.forEach(TcpForwarder::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
