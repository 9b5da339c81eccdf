package io.s3posture.fleet;

import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The compact form of a ledger's non-compliant controls that status keeps, so that a restart or a
 * leader change publishes nothing new and keeps every "since": one line per bucket control (bucket,
 * control, state, reason, since, last known state), gzip, base64. Bounded: beyond {@link
 * #MAX_ENCODED_CHARS} the least severe entries are left out (and would be announced again after a
 * restart). The texts shown in status findings are taken from the findings themselves.
 */
public final class LedgerMemory {

  /** Keeps the status object far below the API server's 1.5 MB limit. */
  public static final int MAX_ENCODED_CHARS = 400_000;

  private LedgerMemory() {}

  /** The encoded memory, and how many entries did not fit. */
  public record Encoded(String value, int entries, int left) {}

  public static Encoded encode(Map<String, Map<ControlName, LedgerEntry>> entries) {
    List<String> lines = new ArrayList<>();
    entries.forEach(
        (bucket, controls) ->
            controls.values().stream()
                .sorted(Comparator.comparing(LedgerEntry::control))
                .forEach(entry -> lines.add(line(bucket, entry))));
    lines.sort(
        Comparator.comparing(LedgerMemory::state, OutcomeState.WORST_FIRST).thenComparing(l -> l));
    int keep = lines.size();
    String encoded = gzip(lines.subList(0, keep));
    while (encoded.length() > MAX_ENCODED_CHARS && keep > 0) {
      keep = keep * 9 / 10;
      encoded = gzip(lines.subList(0, keep));
    }
    return new Encoded(lines.isEmpty() ? null : encoded, keep, lines.size() - keep);
  }

  /** What an encoded memory says; unreadable memory is no memory (everything is checked anew). */
  public static Map<String, Map<ControlName, LedgerEntry>> decode(String encoded) {
    Map<String, Map<ControlName, LedgerEntry>> entries = new LinkedHashMap<>();
    if (encoded == null || encoded.isBlank()) {
      return entries;
    }
    try {
      for (String line : gunzip(encoded).split("\n")) {
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

  private static String line(String bucket, LedgerEntry entry) {
    return String.join(
        "\t",
        bucket,
        entry.control().specName(),
        entry.state().name(),
        entry.reason(),
        Long.toString(entry.since().getEpochSecond()),
        entry.known().name());
  }

  /** Worst first, so what does not fit is the least severe. */
  private static OutcomeState state(String line) {
    return OutcomeState.valueOf(line.split("\t", 4)[2]);
  }

  private static String gzip(List<String> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static String gunzip(String encoded) throws IOException {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
