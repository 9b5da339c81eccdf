package io.s3posture.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one policy's Report says, before it is written: built from the policy's ledger only, so two
 * builds from the same ledger are equal and have the same {@link #hash()}. Pass results carry no
 * timestamp here (see {@link ReportResult}); the time of the write fills it in.
 *
 * @param scope the BucketPolicy the Report is about (and its owner)
 * @param summary counted over every result, including those left out of {@code results}
 * @param results worst first, at most {@code maxResults}
 * @param omitted results counted in the summary but not listed
 */
public record ReportContent(
    String name,
    String namespace,
    Map<String, String> labels,
    Scope scope,
    ReportSummary summary,
    List<ReportResult> results,
    int maxResults,
    int omitted) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public ReportContent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(summary, "summary");
    results = List.copyOf(results);
  }

  /** The BucketPolicy a Report is about, as an ObjectReference (and an ownerReference). */
  public record Scope(String apiVersion, String kind, String namespace, String name, String uid) {}

  /** A digest of everything the Report says: equal content, equal hash. */
  public String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Report's content is plain data", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
