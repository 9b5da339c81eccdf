package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every write a policy would make, bucket by bucket (by name), control by control in the order they
 * run, and its hash: a person approves exactly this plan by its hash, and any change of a write
 * changes the hash.
 */
public record Plan(List<Entry> entries, String hash) {

  /** The writes to one control of one bucket, each "Operation: description", in order. */
  public record Entry(String bucket, ControlName control, List<String> writes) {
    public Entry {
      writes = List.copyOf(writes);
    }
  }

  public Plan {
    entries = List.copyOf(entries);
  }

  static Plan of(Map<String, Map<ControlName, List<String>>> byBucket) {
    List<Entry> entries = new ArrayList<>();
    new TreeMap<>(byBucket)
        .forEach(
            (bucket, controls) ->
                controls.forEach(
                    (control, writes) -> entries.add(new Entry(bucket, control, writes))));
    return new Plan(entries, hash(entries));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int writes() {
    return entries.stream().mapToInt(e -> e.writes().size()).sum();
  }

  public int buckets() {
    return (int) entries.stream().map(Entry::bucket).distinct().count();
  }

  /** The plan as text, one write per line: "bucket\tcontrol\tOperation: description". */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      for (String write : entry.writes()) {
        lines.add(entry.bucket() + "\t" + entry.control() + "\t" + write);
      }
    }
    return lines;
  }

  private static String hash(List<Entry> entries) {
    if (entries.isEmpty()) {
      return "";
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Entry entry : entries) {
        for (String write : entry.writes()) {
          sha.update(
              (entry.bucket() + "\t" + entry.control() + "\t" + write + "\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
