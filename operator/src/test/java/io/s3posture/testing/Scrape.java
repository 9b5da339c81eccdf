package io.s3posture.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scrape of /metrics in the Prometheus text format, parsed into samples, so that tests read
 * what Prometheus would read (names with _total, _bucket, _count, _sum; label values unescaped).
 */
public final class Scrape {

  /** One line of the exposition: a sample name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    /** True when every {@code key, value} pair of {@code labels} is on this sample. */
    public boolean has(String... labels) {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(this.labels.get(labels[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  private final String text;
  private final List<Sample> samples;

  private Scrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line.strip()));
      }
    }
    return new Scrape(text, List.copyOf(samples));
  }

  public String text() {
    return text;
  }

  /** Every sample name (what PromQL selects), e.g. {@code s3posture_drift_detected_total}. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Samples of {@code name} carrying all the given {@code key, value} label pairs. */
  public List<Sample> samples(String name, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in key, value pairs");
    }
    return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
  }

  /** The value of the one sample that matches, or empty when none does. */
  public OptionalDouble value(String name, String... labels) {
    List<Sample> matching = samples(name, labels);
    if (matching.size() > 1) {
      throw new AssertionError(
          "expected at most one " + name + " sample with " + List.of(labels) + ": " + matching);
    }
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
  }

  /** The sum over the matching samples (0 when none matches, as for a counter not yet created). */
  public double sum(String name, String... labels) {
    return samples(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] valueAndTimestamp = line.substring(rest).strip().split(" ");
    return new Sample(name, Map.copyOf(labels), value(valueAndTimestamp[0]));
  }

  /** Reads {@code key="value",...}} from {@code start}; returns the index after the brace. */
  private static int labels(String line, int start, Map<String, String> labels) {
    int i = start;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String key = line.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      i = equals + 2; // past ="
      while (line.charAt(i) != '"') {
        char c = line.charAt(i++);
        if (c == '\\') {
          char escaped = line.charAt(i++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i++; // past the closing quote
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
