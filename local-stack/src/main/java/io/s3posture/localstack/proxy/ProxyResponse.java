package io.s3posture.localstack.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** An HTTP response, fully buffered: what moto answered, or what the proxy makes up. */
public record ProxyResponse(int status, String reason, HeaderList headers, byte[] body) {

  public ProxyResponse {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  public static ProxyResponse of(int status, HeaderList headers, String body) {
    return new ProxyResponse(
        status, reasonPhrase(status), headers, body.getBytes(StandardCharsets.UTF_8));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public ProxyResponse withBody(byte[] newBody) {
    return new ProxyResponse(status, reason, headers, newBody);
  }

  static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
