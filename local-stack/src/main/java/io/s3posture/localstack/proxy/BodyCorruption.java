package io.s3posture.localstack.proxy;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spoils a real response body the way a broken server or middlebox would. */
final class BodyCorruption {

  private static final Pattern LAST_END_TAG = Pattern.compile("</([A-Za-z_][\\w.\\-]*)>\\s*$");

  private BodyCorruption() {}

  /** The first half of the body; the response's length is the shortened one. */
  static ProxyResponse truncate(ProxyResponse response) {
    byte[] body = response.body();
    if (body.length < 2) {
      return response;
    }
    byte[] half = new byte[body.length / 2];
    System.arraycopy(body, 0, half, 0, half.length);
    return response.withBody(half);
  }

  /**
   * The body made unparseable: an XML document's last end tag renamed (a well-formedness error any
   * parser reports); any other non-empty body (a JSON bucket policy, say) prefixed with a stray
   * {@code <}.
   */
  static ProxyResponse malform(ProxyResponse response) {
    if (response.body().length == 0) {
      return response;
    }
    String text = response.bodyText();
    Matcher matcher = LAST_END_TAG.matcher(text);
    String spoiled =
        matcher.find()
            ? text.substring(0, matcher.start()) + "</" + matcher.group(1) + "Malformed>"
            : "<" + text;
    return response.withBody(spoiled.getBytes(StandardCharsets.UTF_8));
  }
}
