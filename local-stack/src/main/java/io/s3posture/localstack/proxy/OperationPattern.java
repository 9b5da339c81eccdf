package io.s3posture.localstack.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which operations a rule or a count means: {@code *} (all), an exact name ({@code
 * GetBucketPolicy}) or qualified name ({@code s3control:GetPublicAccessBlock}), a prefix ending in
 * {@code *} ({@code Get*}, {@code s3:Put*}), or several of these separated by commas.
 */
public final class OperationPattern {

  private final String text;
  private final List<String> alternatives;

  private OperationPattern(String text) {
    this.text = text;
    this.alternatives =
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("empty operation pattern");
    }
  }

  public static OperationPattern of(String text) {
    return new OperationPattern(Objects.requireNonNull(text, "text"));
  }

  public static OperationPattern all() {
    return new OperationPattern("*");
  }

  public boolean matches(AwsOperation operation) {
    return matches(operation.qualifiedName());
  }

  /** Matches a qualified name {@code service:name}. */
  public boolean matches(String qualifiedName) {
    int colon = qualifiedName.indexOf(':');
    String name = colon < 0 ? qualifiedName : qualifiedName.substring(colon + 1);
    for (String alternative : alternatives) {
      if (matchesOne(alternative, qualifiedName, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOne(String pattern, String qualified, String name) {
    if (pattern.endsWith("*")) {
      String prefix = pattern.substring(0, pattern.length() - 1);
      return name.startsWith(prefix) || qualified.startsWith(prefix);
    }
    return pattern.equals(name) || pattern.equals(qualified);
  }

  /** Simple globs for bucket names: exact, or a prefix ending in {@code *}. */
  static boolean globMatches(String glob, String value) {
    return glob.endsWith("*")
        ? value.startsWith(glob.substring(0, glob.length() - 1))
        : glob.equals(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OperationPattern pattern && pattern.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
