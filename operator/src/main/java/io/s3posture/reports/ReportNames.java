package io.s3posture.reports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Report's name and the label value naming its policy. A BucketPolicy name may have 253
 * characters and a label value 63: a name that does not fit is cut and ends with a hash of the
 * whole name, so two long names that share a prefix never share a Report.
 */
public final class ReportNames {

  static final String PREFIX = "s3posture-";
  static final int MAX_NAME = 253;
  static final int MAX_LABEL_VALUE = 63;
  private static final int HASH_CHARS = 10;

  private ReportNames() {}

  /** {@code s3posture-<policy>}, a valid object name of at most 253 characters. */
  public static String reportName(String policy) {
    return fit(PREFIX + policy, MAX_NAME, policy);
  }

  /** The policy's name as a label value: itself when it fits in 63 characters. */
  public static String labelValue(String policy) {
    return fit(policy, MAX_LABEL_VALUE, policy);
  }

  private static String fit(String value, int max, String hashed) {
    if (value.length() <= max) {
      return value;
    }
    String head = value.substring(0, max - HASH_CHARS - 1);
    // a name and a label value end with a letter or digit: no '-' or '.' before the hash
    head = head.replaceAll("[-._]+$", "");
    return head + "-" + hash(hashed, HASH_CHARS);
  }

  /** The first {@code chars} hex digits of the value's SHA-256. */
  static String hash(String value, int chars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
