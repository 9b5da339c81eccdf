package io.s3posture.fleet;

import io.s3posture.api.v1alpha1.RememberedState;
import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * What status remembers of a ledger beyond its findings, readable by people: the buckets of each
 * (control, state, reason, since, state before a failure), listed together, and the buckets
 * corrected in their last check. A restart or a new leader rebuilds the ledger from the findings
 * and this, so it publishes nothing new, keeps every "since" and every count. Bounded: beyond
 * {@link #MAX_CHARS} the least severe entries are left out (and would be announced again after a
 * restart).
 */
public final class LedgerMemory {

  /** Keeps the status object far below the API server's 1.5 MB limit. */
  public static final int MAX_CHARS = 600_000;

  /** A state that is not an outcome: the bucket was corrected in its last check. */
  static final String CORRECTED = OutcomeState.CORRECTED.word();

  private LedgerMemory() {}

  /** The remembered entries, and how many bucket controls did not fit. */
  public record Encoded(List<RememberedState> entries, int left) {}

  private record Key(
      String control, OutcomeState state, String reason, Instant since, OutcomeState known) {}

  /**
   * What to remember of {@code notCompliant} and {@code corrected}, leaving out the bucket controls
   * {@code shown} ("bucket/control") whose finding says all of it (a failed one does not say the
   * state before the failure).
   */
  public static Encoded encode(
      Map<String, Map<ControlName, LedgerEntry>> notCompliant,
      Set<String> corrected,
      Set<String> shown) {
    Map<Key, Set<String>> groups = new TreeMap<>(ORDER);
    notCompliant.forEach(
        (bucket, controls) ->
            controls.values().stream()
                .filter(entry -> !saidByFinding(bucket, entry, shown))
                .forEach(
                    entry -> groups.computeIfAbsent(key(entry), k -> new TreeSet<>()).add(bucket)));
    if (!corrected.isEmpty()) {
      groups.put(new Key(null, OutcomeState.CORRECTED, null, null, null), new TreeSet<>(corrected));
    }
    List<RememberedState> entries = new ArrayList<>();
    int chars = 0;
    int left = 0;
    for (Map.Entry<Key, Set<String>> group : groups.entrySet()) {
      List<String> buckets = new ArrayList<>();
      for (String bucket : group.getValue()) {
        chars += bucket.length() + 4;
        if (chars > MAX_CHARS) {
          left++;
        } else {
          buckets.add(bucket);
        }
      }
      if (!buckets.isEmpty()) {
        entries.add(state(group.getKey(), buckets));
      }
    }
    return new Encoded(List.copyOf(entries), left);
  }

  /** A failed bucket control whose finding is shown still needs its state before the failure. */
  private static boolean saidByFinding(String bucket, LedgerEntry entry, Set<String> shown) {
    return shown.contains(bucket + "/" + entry.control().specName())
        && !(entry.state() == OutcomeState.FAILED && entry.known() != OutcomeState.COMPLIANT);
  }

  /** What the remembered entries say, by bucket; unreadable entries are left out. */
  public static Map<String, Map<ControlName, LedgerEntry>> decode(List<RememberedState> entries) {
    Map<String, Map<ControlName, LedgerEntry>> decoded = new LinkedHashMap<>();
    for (RememberedState entry : entries == null ? List.<RememberedState>of() : entries) {
      Optional<LedgerEntry> template = template(entry);
      if (template.isEmpty() || entry.buckets() == null) {
        continue;
      }
      for (String bucket : entry.buckets()) {
        decoded
            .computeIfAbsent(bucket, b -> new HashMap<>())
            .put(template.get().control(), template.get());
      }
    }
    return decoded;
  }

  /** The buckets remembered as corrected in their last check. */
  public static Set<String> corrected(List<RememberedState> entries) {
    Set<String> corrected = new LinkedHashSet<>();
    for (RememberedState entry : entries == null ? List.<RememberedState>of() : entries) {
      if (CORRECTED.equals(entry.state()) && entry.buckets() != null) {
        corrected.addAll(entry.buckets());
      }
    }
    return corrected;
  }

  /**
   * What an operator before 0.2 remembered (gzip, base64: bucket, control, state, reason, since,
   * last known state per line); unreadable memory is no memory (everything is checked anew).
   */
  public static Map<String, Map<ControlName, LedgerEntry>> decodeLegacy(String encoded) {
    Map<String, Map<ControlName, LedgerEntry>> entries = new LinkedHashMap<>();
    if (encoded == null || encoded.isBlank()) {
      return entries;
    }
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
          continue;
        }
        ControlName control = ControlName.of(f[1]);
        entries
            .computeIfAbsent(f[0], b -> new HashMap<>())
            .put(
                control,
                new LedgerEntry(
                    control,
                    OutcomeState.valueOf(f[2]),
                    f[3],
                    "",
                    "",
                    "",
                    Instant.ofEpochSecond(Long.parseLong(f[4])),
                    OutcomeState.valueOf(f[5])));
      }
      return entries;
    } catch (IOException | RuntimeException e) {
      return new LinkedHashMap<>();
    }
  }

  private static Key key(LedgerEntry entry) {
    return new Key(
        entry.control().specName(),
        entry.state(),
        entry.reason(),
        entry.since().truncatedTo(ChronoUnit.SECONDS),
        entry.state() == OutcomeState.FAILED ? entry.known() : null);
  }

  private static RememberedState state(Key key, List<String> buckets) {
    return new RememberedState(
        key.control(),
        key.state().word(),
        key.reason(),
        key.since() == null ? null : key.since().toString(),
        key.known() == null ? null : key.known().word(),
        List.copyOf(buckets));
  }

  /** The ledger entry a remembered state stands for (without the texts a finding has). */
  private static Optional<LedgerEntry> template(RememberedState entry) {
    try {
      if (entry.control() == null || entry.since() == null) {
        return Optional.empty();
      }
      Optional<OutcomeState> named = OutcomeState.ofWord(entry.state());
      if (named.isEmpty()) {
        return Optional.empty();
      }
      OutcomeState state = named.get();
      OutcomeState known =
          entry.lastKnown() != null
              ? OutcomeState.ofWord(entry.lastKnown()).orElse(OutcomeState.COMPLIANT)
              : state == OutcomeState.FAILED ? OutcomeState.COMPLIANT : state;
      return Optional.of(
          new LedgerEntry(
              ControlName.of(entry.control()),
              state,
              entry.reason() == null ? "" : entry.reason(),
              "",
              "",
              "",
              Instant.parse(entry.since()),
              known));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Worst first (what does not fit is the least severe), then by control, since and reason. */
  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::state, OutcomeState.WORST_FIRST)
          .thenComparing(Key::control, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Key::since, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Key::reason, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Key::known, Comparator.nullsFirst(Comparator.naturalOrder()));
}
