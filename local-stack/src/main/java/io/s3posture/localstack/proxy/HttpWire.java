package io.s3posture.localstack.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 messages on a byte stream: enough of RFC 9112 for AWS SDKs and moto (Content-Length and
 * chunked bodies, {@code Expect: 100-continue}, HEAD and 204 without bodies).
 */
final class HttpWire {

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  /** Framing and connection fields: the proxy sets its own on each hop. */
  static final String[] HOP_BY_HOP = {
    "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Content-Length", "Expect"
  };

  private HttpWire() {}

  /**
   * Reads the next request; empty at a clean end of stream. Answers {@code 100 Continue} on {@code
   * interim} before reading the body when the client expects it.
   */
  static Optional<ProxyRequest> readRequest(InputStream in, OutputStream interim)
      throws IOException {
    String requestLine = readLine(in);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in); // tolerate stray CRLF between requests
    }
    if (requestLine == null) {
      return Optional.empty();
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3) {
      throw new IOException("bad request line: " + requestLine);
    }
    HeaderList headers = readHeaders(in);
    if (headers.first("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false)) {
      interim.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      interim.flush();
    }
    byte[] body = readBody(in, headers, true);
    return Optional.of(new ProxyRequest(parts[0], parts[1], parts[2], headers, body));
  }

  /** Reads a response, skipping interim 1xx responses. */
  static ProxyResponse readResponse(InputStream in, boolean headRequest) throws IOException {
    while (true) {
      String statusLine = readLine(in);
      if (statusLine == null) {
        throw new EOFException("connection closed before a response");
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      HeaderList headers = readHeaders(in);
      if (status >= 100 && status < 200) {
        continue;
      }
      boolean bodyless = headRequest || status == 204 || status == 304;
      byte[] body = bodyless ? new byte[0] : readBody(in, headers, false);
      return new ProxyResponse(status, parts.length > 2 ? parts[2] : "", headers, body);
    }
  }

  static void writeRequest(OutputStream out, ProxyRequest request) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
    HeaderList headers = request.headers().without(HOP_BY_HOP).with("Connection", "close");
    if (request.body().length > 0 || !List.of("GET", "HEAD").contains(request.method())) {
      headers = headers.with("Content-Length", Integer.toString(request.body().length));
    }
    appendHeaders(head, headers);
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(request.body());
    out.flush();
  }

  /**
   * Writes a response with a Content-Length that matches its body. For a HEAD request the body is
   * omitted and the upstream's Content-Length (the size a GET would have) is kept.
   */
  static void writeResponse(
      OutputStream out, ProxyResponse response, boolean headRequest, boolean close)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ")
        .append(response.status())
        .append(' ')
        .append(response.reason().isEmpty() ? "-" : response.reason())
        .append("\r\n");
    HeaderList headers;
    if (headRequest) {
      headers = response.headers().without("Connection", "Keep-Alive", "Transfer-Encoding");
    } else {
      headers = response.headers().without(HOP_BY_HOP);
      if (response.status() != 204 && response.status() != 304) {
        headers = headers.with("Content-Length", Integer.toString(response.body().length));
      }
    }
    if (close) {
      headers = headers.with("Connection", "close");
    }
    appendHeaders(head, headers);
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headRequest) {
      out.write(response.body());
    }
    out.flush();
  }

  /** True when the client wants the connection kept open after this request. */
  static boolean keepAlive(ProxyRequest request) {
    Optional<String> connection =
        request.headers().first("Connection").map(v -> v.toLowerCase(Locale.ROOT));
    if (request.version().equals("HTTP/1.0")) {
      return connection.map(v -> v.contains("keep-alive")).orElse(false);
    }
    return connection.map(v -> !v.contains("close")).orElse(true);
  }

  private static void appendHeaders(StringBuilder head, HeaderList headers) {
    for (HeaderList.Header header : headers.fields()) {
      head.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    head.append("\r\n");
  }

  private static HeaderList readHeaders(InputStream in) throws IOException {
    List<HeaderList.Header> fields = new ArrayList<>();
    while (true) {
      String line = readLine(in);
      if (line == null) {
        throw new EOFException("connection closed in the headers");
      }
      if (line.isEmpty()) {
        return new HeaderList(fields);
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + line);
      }
      if (fields.size() >= MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " header fields");
      }
      fields.add(
          new HeaderList.Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
    }
  }

  private static byte[] readBody(InputStream in, HeaderList headers, boolean request)
      throws IOException {
    boolean chunked =
        headers
            .first("Transfer-Encoding")
            .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
            .orElse(false);
    if (chunked) {
      return readChunked(in);
    }
    Optional<String> length = headers.first("Content-Length");
    if (length.isPresent()) {
      int size = Integer.parseInt(length.get().trim());
      byte[] body = in.readNBytes(size);
      if (body.length != size) {
        throw new EOFException("body ended after " + body.length + " of " + size + " bytes");
      }
      return body;
    }
    // a request without framing has no body; a response without framing runs to the close
    return request ? new byte[0] : in.readAllBytes();
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        throw new EOFException("connection closed in a chunked body");
      }
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        String trailer = readLine(in);
        while (trailer != null && !trailer.isEmpty()) {
          trailer = readLine(in);
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new EOFException("chunk ended early");
      }
      body.write(chunk);
      readLine(in); // the CRLF after the chunk
    }
  }

  /** A line without its CRLF (a bare LF is tolerated); null at end of stream before any byte. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n') {
      if (line.size() >= MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
      b = in.read();
    }
    byte[] bytes = line.toByteArray();
    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
  }
}
