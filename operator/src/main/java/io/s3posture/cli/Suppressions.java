package io.s3posture.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.s3posture.api.v1alpha1.Exemption;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.target.BucketNameGlob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The suppressions file of {@code audit --suppressions}: {@code exemptions: [...]}, each an {@link
 * Exemption} (buckets, controls, reason, owner, expires). A failing check of a bucket an exemption
 * covers shows as SUPPRESSED and does not fail the run until the exemption expires; after that it
 * fails again and the report says the suppression expired. Passing checks and checks that could not
 * be evaluated are never suppressed.
 */
public final class Suppressions {

  /** The controls an exemption may name: every registered bucket control. */
  private static final List<String> CONTROLS =
      ControlCatalog.standard().bucketControls().stream().map(c -> c.name().specName()).toList();

  public static final Suppressions NONE = new Suppressions(List.of());

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The file's shape. */
  record File(List<Exemption> exemptions) {}

  private final List<Exemption> exemptions;

  public Suppressions(List<Exemption> exemptions) {
    this.exemptions = List.copyOf(exemptions);
  }

  public List<Exemption> exemptions() {
    return exemptions;
  }

  /** Reads and checks the file; a file that is not valid is a usage error naming the field. */
  public static Suppressions load(Path path) {
    String yaml = InputFile.read(path, "suppressions file");
    YamlDocument document = YamlDocument.parse(path, yaml);
    File file;
    try {
      file = MAPPER.treeToValue(document.root(), File.class);
    } catch (UnrecognizedPropertyException e) {
      throw new UsageException(path + ": unknown field " + fieldPath(e));
    } catch (JsonMappingException e) {
      throw new UsageException(path + ": " + fieldPath(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException(path + ": " + e.getMessage());
    }
    List<Exemption> exemptions = file.exemptions() == null ? List.of() : file.exemptions();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < exemptions.size(); i++) {
      errors.addAll(check("exemptions[" + i + "]", exemptions.get(i)));
    }
    if (!errors.isEmpty()) {
      throw new UsageException(
          path
              + " is invalid:"
              + errors.stream().map(e -> "\n* " + e).collect(Collectors.joining()));
    }
    return new Suppressions(exemptions);
  }

  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static List<String> check(String at, Exemption exemption) {
    List<String> errors = new ArrayList<>();
    if (exemption == null) {
      return List.of(at + ": Required value");
    }
    if (exemption.buckets() == null || exemption.buckets().isEmpty()) {
      errors.add(at + ".buckets: Required value: name at least one bucket or glob");
    } else if (exemption.buckets().size() > 100) {
      errors.add(at + ".buckets: Too many: " + exemption.buckets().size() + ": at most 100");
    } else {
      for (String bucket : exemption.buckets()) {
        if (bucket == null || !bucket.matches("^[a-z0-9.*?-]{1,63}$")) {
          errors.add(
              at
                  + ".buckets: Invalid value: \""
                  + bucket
                  + "\": a bucket name or glob of lowercase letters, digits, '.', '-', '*', '?'");
        }
      }
    }
    if (exemption.controls() == null || exemption.controls().isEmpty()) {
      errors.add(at + ".controls: Required value: name at least one control");
    } else {
      for (String control : exemption.controls()) {
        if (control == null || !CONTROLS.contains(control)) {
          errors.add(
              at
                  + ".controls: Unsupported value: \""
                  + control
                  + "\": supported values: "
                  + CONTROLS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")));
        }
      }
    }
    if (exemption.reason() == null || exemption.reason().isBlank()) {
      errors.add(at + ".reason: Required value: say why the finding is accepted");
    }
    if (exemption.owner() == null || exemption.owner().isBlank()) {
      errors.add(at + ".owner: Required value: say who answers for the exemption");
    }
    if (exemption.expires() == null) {
      errors.add(
          at + ".expires: Required value: an RFC 3339 date-time such as 2026-06-30T00:00:00Z");
    } else {
      try {
        OffsetDateTime.parse(exemption.expires());
      } catch (DateTimeParseException e) {
        errors.add(
            at
                + ".expires: Invalid value: \""
                + exemption.expires()
                + "\": not an RFC 3339 date-time such as 2026-06-30T00:00:00Z");
      }
    }
    return errors;
  }

  /**
   * The suppression of a check of a bucket, if an exemption covers it: an active one first (the
   * latest to expire), else the one that expired last.
   */
  public Optional<Suppression> find(String bucket, AuditCheck check, Instant now) {
    Optional<String> control = check.control().map(ControlName::specName);
    if (control.isEmpty()) {
      return Optional.empty();
    }
    return exemptions.stream()
        .filter(e -> e.controls().contains(control.get()))
        .filter(
            e -> e.buckets().stream().anyMatch(glob -> new BucketNameGlob(glob).matches(bucket)))
        .map(e -> new Suppression(e, !OffsetDateTime.parse(e.expires()).toInstant().isAfter(now)))
        .max(
            Comparator.comparing((Suppression s) -> !s.expired())
                .thenComparing(Suppression::expires));
  }

  /** The report with the suppressions applied to its failing bucket checks. */
  public AuditReport apply(AuditReport report, Instant now) {
    if (exemptions.isEmpty()) {
      return report;
    }
    return report.mapBucketResults(
        r ->
            r.result().status() != CheckStatus.FAIL
                ? r
                : find(r.bucket(), r.result().check(), now)
                    .map(s -> new AuditReport.BucketResult(r.bucket(), r.result().suppressedBy(s)))
                    .orElse(r));
  }
}
