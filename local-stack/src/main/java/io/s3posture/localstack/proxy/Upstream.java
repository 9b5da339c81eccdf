package io.s3posture.localstack.proxy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** The server behind the proxy (moto): one connection per request, as moto closes each anyway. */
final class Upstream {

  private static final int CONNECT_TIMEOUT_MS = (int) Duration.ofSeconds(5).toMillis();
  private static final int READ_TIMEOUT_MS = (int) Duration.ofMinutes(5).toMillis();

  private final URI uri;
  private final InetSocketAddress address;

  Upstream(URI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("upstream must be http://host:port, got " + uri);
    }
    this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
  }

  URI uri() {
    return uri;
  }

  ProxyResponse send(ProxyRequest request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream());
      HttpWire.writeRequest(out, request);
      return HttpWire.readResponse(
          new BufferedInputStream(socket.getInputStream()), request.method().equals("HEAD"));
    }
  }
}
