package io.s3posture.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the queues of {@code S3POSTURE_EVENT_QUEUES}: a JSON list of {@code {"url", "region",
 * "roleArn", "externalId", "name", "endpoint"}} (only {@code url} is required when the URL names
 * the region). Every error names the variable, the entry and the field.
 */
public final class EventQueues {

  public static final String VARIABLE = "S3POSTURE_EVENT_QUEUES";

  private static final Set<String> FIELDS =
      Set.of("url", "region", "roleArn", "externalId", "name", "endpoint");
  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
  private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/.+$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,80}$");

  /** {@code sqs.REGION.amazonaws.com[.cn]} and the legacy {@code REGION.queue.amazonaws.com}. */
  private static final Pattern AWS_HOST =
      Pattern.compile("^(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?$");

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventQueues() {}

  /** The queues; empty when the value is absent or blank (change events off). */
  public static List<EventQueue> parse(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    JsonNode list;
    try {
      list = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalid("is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (!list.isArray()) {
      throw invalid("must be a JSON list of queues, e.g. [{\"url\": \"https://sqs...\"}]");
    }
    List<EventQueue> queues = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      EventQueue queue = queue(list.get(i), VARIABLE + "[" + i + "]");
      if (!names.add(queue.name())) {
        throw new IllegalArgumentException(
            VARIABLE
                + "["
                + i
                + "]: another queue is also named '"
                + queue.name()
                + "': set a distinct \"name\"");
      }
      queues.add(queue);
    }
    return List.copyOf(queues);
  }

  private static EventQueue queue(JsonNode entry, String where) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException(where + " must be an object with a \"url\"");
    }
    for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            where
                + ": unknown field \""
                + field
                + "\" (known: "
                + String.join(", ", sorted())
                + ")");
      }
    }
    URI url =
        uri(text(entry, "url", where).orElseThrow(() -> missing(where, "url")), where + ".url");
    String[] path = url.getPath() == null ? new String[0] : url.getPath().split("/");
    if (path.length != 3 || path[2].isEmpty()) {
      throw new IllegalArgumentException(
          where + ".url: '" + url + "' is not a queue URL (https://HOST/ACCOUNT_ID/QUEUE_NAME)");
    }
    Optional<String> urlRegion = regionOf(url);
    String region =
        text(entry, "region", where)
            .or(() -> urlRegion)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        where + ": \"region\" is required (the URL does not name one)"));
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(where + ".region: '" + region + "' is not a region");
    }
    if (urlRegion.isPresent() && !urlRegion.get().equals(region)) {
      throw new IllegalArgumentException(
          where + ".region: '" + region + "' but the URL is in " + urlRegion.get());
    }
    Optional<String> roleArn = text(entry, "roleArn", where);
    if (roleArn.isPresent() && !ROLE_ARN.matcher(roleArn.get()).matches()) {
      throw new IllegalArgumentException(
          where + ".roleArn: '" + roleArn.get() + "' is not an IAM role ARN");
    }
    Optional<String> externalId = text(entry, "externalId", where);
    if (externalId.isPresent() && roleArn.isEmpty()) {
      throw new IllegalArgumentException(where + ".externalId needs a roleArn");
    }
    String name = text(entry, "name", where).orElse(path[2]);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          where + ".name: '" + name + "' must be 1-80 letters, digits, '-', '_' or '.'");
    }
    Optional<URI> endpoint =
        text(entry, "endpoint", where).map(value -> uri(value, where + ".endpoint"));
    return new EventQueue(name, url, region, roleArn, externalId, endpoint);
  }

  private static Optional<String> regionOf(URI url) {
    Matcher host = AWS_HOST.matcher(url.getHost() == null ? "" : url.getHost());
    if (!host.matches()) {
      return Optional.empty();
    }
    return Optional.of(host.group(1) != null ? host.group(1) : host.group(2));
  }

  private static Optional<String> text(JsonNode entry, String field, String where) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + "." + field + " must be a string");
    }
    return Optional.of(value.asText().trim()).filter(s -> !s.isEmpty());
  }

  private static URI uri(String value, String where) {
    try {
      URI uri = new URI(value);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(where + ": '" + value + "' is not an http(s) URL");
    }
  }

  private static IllegalArgumentException missing(String where, String field) {
    return new IllegalArgumentException(where + ": \"" + field + "\" is required");
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(VARIABLE + " " + message);
  }

  private static List<String> sorted() {
    return FIELDS.stream().sorted().toList();
  }
}
