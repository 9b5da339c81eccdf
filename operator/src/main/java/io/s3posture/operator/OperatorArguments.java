package io.s3posture.operator;

import java.util.AbstractMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code run}: {@code --name=value} sets the setting {@code S3POSTURE_NAME} (e.g. {@code
 * --bucket-concurrency=16} is {@code S3POSTURE_BUCKET_CONCURRENCY=16}) and wins over the
 * environment. The chart passes its {@code extraArgs} this way. An option that names no setting the
 * operator reads is an error, so a typo never goes unnoticed.
 */
final class OperatorArguments {

  private static final String PREFIX = "S3POSTURE_";

  private OperatorArguments() {}

  /** The settings the options set, by variable name; malformed options are rejected. */
  static Map<String, String> parse(String... args) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 3) {
        throw new IllegalArgumentException(
            "run takes options of the form --name=value (e.g. --bucket-concurrency=16), got '"
                + arg
                + "'");
      }
      String name = arg.substring(2, equals);
      if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
        throw new IllegalArgumentException(
            "option names are lower-case words joined by '-' (e.g. --log-level), got '"
                + arg
                + "'");
      }
      settings.put(
          PREFIX + name.replace('-', '_').toUpperCase(Locale.ROOT), arg.substring(equals + 1));
    }
    return settings;
  }

  /** {@code --name} of a setting, for messages. */
  static String option(String variable) {
    return "--" + variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The environment with the options applied, remembering which settings were read, so that {@link
   * #unread} can name options that set nothing.
   */
  static final class Settings extends AbstractMap<String, String> {
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();
    private boolean enumerated;

    Settings(Map<String, String> environment, Map<String, String> options) {
      this.values = new LinkedHashMap<>(environment);
      values.putAll(options);
    }

    @Override
    public String get(Object key) {
      read.add(String.valueOf(key));
      return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      read.add(String.valueOf(key));
      return values.containsKey(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      enumerated = true;
      return values.entrySet();
    }

    /** Options among {@code options} whose setting nobody read (none if the map was enumerated). */
    Set<String> unread(Map<String, String> options) {
      Set<String> unread = new HashSet<>();
      if (!enumerated) {
        options.keySet().stream()
            .filter(key -> !read.contains(key))
            .map(OperatorArguments::option)
            .forEach(unread::add);
      }
      return unread;
    }
  }
}
