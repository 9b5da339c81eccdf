package io.s3posture.target;

import java.util.regex.Pattern;

/** A bucket name pattern: '*' matches any run of characters, '?' exactly one. */
public final class BucketNameGlob {

  private final String glob;
  private final Pattern regex;

  public BucketNameGlob(String glob) {
    this.glob = glob;
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.regex = Pattern.compile(regex.toString());
  }

  public boolean matches(String bucket) {
    return regex.matcher(bucket).matches();
  }

  @Override
  public String toString() {
    return glob;
  }
}
