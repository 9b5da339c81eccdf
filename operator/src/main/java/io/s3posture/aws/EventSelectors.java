package io.s3posture.aws;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A trail's event selectors as CloudTrail's GetEventSelectors reports them: basic selectors or
 * advanced selectors (a trail has one kind or the other). Answers which S3 data events the trail
 * selects for every object of a bucket, or of every bucket.
 *
 * <p>The answers are deliberately strict: a selector counts only when it selects <em>every</em>
 * object of the bucket. An object prefix, an event-name filter, an exclusion that could reach the
 * bucket, or a field this class does not understand makes the selector not count, so a trail is
 * never reported as logging what it may not log.
 *
 * @param basic the EventSelectors (empty when the trail uses advanced selectors)
 * @param advanced the AdvancedEventSelectors (empty when the trail uses basic selectors)
 */
public record EventSelectors(List<Basic> basic, List<Advanced> advanced) {

  /** The resource type of S3 object data events. */
  public static final String S3_OBJECT = "AWS::S3::Object";

  public static final EventSelectors NONE = new EventSelectors(List.of(), List.of());

  public EventSelectors {
    basic = List.copyOf(basic);
    advanced = List.copyOf(advanced);
  }

  /** A basic selector's ReadWriteType. */
  public enum ReadWriteType {
    READ_ONLY(EnumSet.of(DataEventAccess.READ)),
    WRITE_ONLY(EnumSet.of(DataEventAccess.WRITE)),
    ALL(EnumSet.allOf(DataEventAccess.class));

    private final Set<DataEventAccess> access;

    ReadWriteType(Set<DataEventAccess> access) {
      this.access = access;
    }

    /** CloudTrail's value (ReadOnly, WriteOnly, All); absent or unknown means All. */
    public static ReadWriteType of(String value) {
      if ("ReadOnly".equals(value)) {
        return READ_ONLY;
      }
      return "WriteOnly".equals(value) ? WRITE_ONLY : ALL;
    }

    public Set<DataEventAccess> access() {
      return EnumSet.copyOf(access);
    }
  }

  /**
   * A basic event selector.
   *
   * @param dataResources its DataResources: a type and ARN-like values (for S3 objects {@code
   *     arn:aws:s3} or {@code arn:aws:s3:::} for every bucket, {@code arn:aws:s3:::bucket/} for a
   *     bucket, {@code arn:aws:s3:::bucket/prefix} for some of its objects)
   */
  public record Basic(
      ReadWriteType readWriteType,
      boolean includeManagementEvents,
      List<DataResource> dataResources) {

    public Basic {
      Objects.requireNonNull(readWriteType, "readWriteType");
      dataResources = List.copyOf(dataResources);
    }
  }

  public record DataResource(String type, List<String> values) {

    public DataResource {
      Objects.requireNonNull(type, "type");
      values = List.copyOf(values);
    }
  }

  /** An advanced event selector: an event is selected when every field condition matches. */
  public record Advanced(String name, List<FieldSelector> fieldSelectors) {

    public Advanced {
      fieldSelectors = List.copyOf(fieldSelectors);
    }
  }

  /** AdvancedFieldSelector's operators. */
  public enum Operator {
    EQUALS,
    STARTS_WITH,
    ENDS_WITH,
    NOT_EQUALS,
    NOT_STARTS_WITH,
    NOT_ENDS_WITH
  }

  /**
   * One condition of an advanced selector on one field (readOnly, eventCategory, resources.type,
   * resources.ARN, eventName, ...): the values of each operator present.
   */
  public record FieldSelector(String field, Map<Operator, List<String>> operators) {

    public FieldSelector {
      Objects.requireNonNull(field, "field");
      operators = Map.copyOf(operators);
      operators.values().forEach(Objects::requireNonNull);
    }

    public List<String> values(Operator operator) {
      return operators.getOrDefault(operator, List.of());
    }
  }

  /**
   * The S3 data events selected for every object of {@code bucket}.
   *
   * @param partition the ARN partition of the bucket: aws, aws-cn or aws-us-gov
   */
  public Set<DataEventAccess> s3DataEventsFor(String partition, String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    return selected(new ObjectSpace(objectArnPrefix(partition) + bucket + "/"));
  }

  /** The S3 data events selected for every object of every bucket, current and future. */
  public Set<DataEventAccess> s3DataEventsForAllBuckets(String partition) {
    return selected(new ObjectSpace(objectArnPrefix(partition)));
  }

  private static String objectArnPrefix(String partition) {
    return "arn:" + Objects.requireNonNull(partition, "partition") + ":s3:::";
  }

  private Set<DataEventAccess> selected(ObjectSpace objects) {
    Set<DataEventAccess> access = EnumSet.noneOf(DataEventAccess.class);
    for (Basic selector : basic) {
      boolean covers =
          selector.dataResources().stream()
              .filter(resource -> S3_OBJECT.equals(resource.type()))
              .flatMap(resource -> resource.values().stream())
              .anyMatch(objects::isSelectedByBasicValue);
      if (covers) {
        access.addAll(selector.readWriteType().access());
      }
    }
    for (Advanced selector : advanced) {
      access.addAll(AdvancedSelectorCoverage.of(selector, objects));
    }
    return access;
  }

  /**
   * The object ARNs that start with {@code prefix}: one bucket's objects ({@code
   * arn:aws:s3:::bucket/}) or every object ({@code arn:aws:s3:::}).
   */
  record ObjectSpace(String prefix) {

    private static final String SEPARATOR = ":::";

    private String allBuckets() {
      return prefix.substring(0, prefix.indexOf(SEPARATOR) + SEPARATOR.length());
    }

    /**
     * A basic selector's value selects every object of the space: {@code arn:aws:s3} or {@code
     * arn:aws:s3:::} (every bucket), or this bucket with an empty object prefix. A basic value
     * names one bucket, then an object prefix; it is no string prefix over bucket names.
     */
    boolean isSelectedByBasicValue(String value) {
      String all = allBuckets();
      if (value.equals(all) || value.equals(all.substring(0, all.length() - SEPARATOR.length()))) {
        return true;
      }
      return !prefix.equals(all) && (value.equals(prefix) || (value + "/").equals(prefix));
    }

    /** Every object of the space starts with {@code start} (a StartsWith condition). */
    boolean startsWith(String start) {
      return prefix.startsWith(start);
    }

    /** No object of the space starts with {@code start} (a NotStartsWith condition). */
    boolean isDisjointFrom(String start) {
      return !prefix.startsWith(start) && !start.startsWith(prefix);
    }

    /** No object of the space is {@code arn} (a NotEquals condition). */
    boolean excludes(String arn) {
      return !arn.startsWith(prefix);
    }
  }
}
