package io.s3posture.localstack.proxy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as a client sent it to the proxy.
 *
 * @param target the request-target exactly as sent, e.g. {@code /bucket?versioning}
 */
public record ProxyRequest(
    String method, String target, String version, HeaderList headers, byte[] body) {

  public ProxyRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A request without a body, for tests and the proxy's own upstream calls. */
  public static ProxyRequest of(String method, String target, HeaderList headers) {
    return new ProxyRequest(method, target, "HTTP/1.1", headers, new byte[0]);
  }

  /** The path as sent (still percent-encoded). */
  public String rawPath() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  public String rawQuery() {
    int query = target.indexOf('?');
    return query < 0 ? "" : target.substring(query + 1);
  }

  /** Decoded query parameters in order; a key without {@code =} has the value "". */
  public Map<String, List<String>> query() {
    return parseForm(rawQuery());
  }

  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query().get(name)).map(values -> values.get(0));
  }

  public ProxyRequest withTarget(String newTarget) {
    return new ProxyRequest(method, newTarget, version, headers, body);
  }

  /** {@code application/x-www-form-urlencoded} (and query strings) into decoded pairs. */
  static Map<String, List<String>> parseForm(String form) {
    if (form.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    result.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(result);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
